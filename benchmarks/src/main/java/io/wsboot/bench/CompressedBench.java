package io.wsboot.bench;

import io.wsboot.client.ClientConfig;
import io.wsboot.client.WsClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Compressed echo load: CONNS connections offering permessage-deflate (this project's client),
 * each keeping DEPTH 4 KiB JSON-like text messages in flight; every echo is compared with what
 * was sent. Reports round trips/s and, given the server's PID, its CPU time per round trip.
 *
 * <pre>java -cp ... io.wsboot.bench.CompressedBench PORT PID CONNS DEPTH WARMUP SECONDS</pre>
 */
public final class CompressedBench {
    private CompressedBench() {
    }

    static String[] messages() {
        Random r = new Random(42);
        String[] out = new String[64];
        for (int i = 0; i < out.length; i++) {
            StringBuilder sb = new StringBuilder("{\"batch\":").append(i).append(",\"items\":[");
            while (sb.length() < 4096 - 120) {
                sb.append("{\"id\":").append(r.nextInt(1_000_000)).append(",\"user\":\"user").append(r.nextInt(5000))
                        .append("\",\"score\":").append(r.nextInt(1000) / 10.0).append(",\"active\":").append(r.nextBoolean())
                        .append(",\"tags\":[\"").append((char) ('a' + r.nextInt(26))).append("\"]},");
            }
            sb.setLength(4096 - 2);
            out[i] = sb.append("]}").toString();
        }
        return out;
    }

    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        int conns = Integer.parseInt(args[2]);
        int depth = Integer.parseInt(args[3]);
        double warm = Double.parseDouble(args[4]);
        double seconds = Double.parseDouble(args[5]);
        String[] msgs = messages();
        LongAdder echoes = new LongAdder();
        LongAdder mismatches = new LongAdder();
        List<WsClient> clients = new ArrayList<>();
        ClientConfig config = ClientConfig.builder().compression(true).build();
        for (int c = 0; c < conns; c++) {
            WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/"), config, Map.of());
            if (!client.compressed()) {
                throw new IllegalStateException("the server did not agree to permessage-deflate");
            }
            ConcurrentLinkedQueue<String> inFlight = new ConcurrentLinkedQueue<>();
            int[] next = {c * 7};
            // the first messages go out before the read loop starts: only it writes afterwards,
            // so the in-flight queue and the wire keep the same order
            for (int i = 0; i < depth; i++) {
                String s = msgs[next[0]++ & 63];
                inFlight.add(s);
                client.writeText(s);
            }
            client.readLoopInNewThread(m -> {
                String expected = inFlight.poll();
                if (!m.text().equals(expected)) {
                    mismatches.increment();
                }
                echoes.increment();
                String s = msgs[next[0]++ & 63];
                inFlight.add(s);
                client.writeText(s);
            });
            clients.add(client);
        }
        Thread.sleep((long) (warm * 1000));
        long n0 = echoes.sum();
        long c0 = cpuTicks(pid);
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long n1 = echoes.sum();
        long c1 = cpuTicks(pid);
        long t1 = System.nanoTime();
        double rate = (n1 - n0) / ((t1 - t0) / 1e9);
        double cpuUs = (c1 - c0) * (1e6 / 100.0) / Math.max(1, n1 - n0); // CLK_TCK = 100
        System.out.printf("RESULT {\"msgs_per_s\":%.0f,\"server_cpu_us_per_msg\":%.2f,\"mismatches\":%d,\"size\":%d}%n",
                rate, cpuUs, mismatches.sum(), msgs[0].getBytes(StandardCharsets.UTF_8).length);
        clients.forEach(WsClient::close);
        System.exit(mismatches.sum() == 0 ? 0 : 1);
    }
}
