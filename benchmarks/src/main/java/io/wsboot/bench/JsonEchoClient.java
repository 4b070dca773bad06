package io.wsboot.bench;

import io.wsboot.client.ClientConfig;
import io.wsboot.client.ClientEventLoops;
import io.wsboot.client.WsClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drives {@link JsonEchoServer}: CONNS connections on one client loop each keep DEPTH JSON chat
 * messages in flight (closed loop), cycling through 64 different messages; every echo is checked
 * byte for byte against what was sent (FIFO per connection). After WARMUP s, for SECONDS s, counts
 * round trips and the server's CPU time (/proc/PID/stat), and prints the server's CPU per message.
 *
 * <pre>java -cp ... io.wsboot.bench.JsonEchoClient PORT PATH CONNS DEPTH WARMUP SECONDS SERVER_PID</pre>
 */
public final class JsonEchoClient {
    private JsonEchoClient() {
    }

    static final LongAdder ECHOES = new LongAdder();
    static final LongAdder WRONG = new LongAdder();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        int conns = Integer.parseInt(args[2]);
        int depth = Integer.parseInt(args[3]);
        double warmup = Double.parseDouble(args[4]);
        double seconds = Double.parseDouble(args[5]);
        long pid = Long.parseLong(args[6]);
        byte[][] messages = new byte[64][];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = ("{\"room\":\"lobby\",\"user\":\"user" + (i % 7) + "\",\"text\":\"hello there, this is message number "
                    + i + "\",\"seq\":" + (1000 + i * 37) + "}").getBytes(StandardCharsets.UTF_8);
        }
        ClientEventLoops loops = ClientEventLoops.create(1);
        List<WsClient> clients = new ArrayList<>();
        for (int c = 0; c < conns; c++) {
            WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + port + path),
                    ClientConfig.builder().eventLoops(loops).build(), java.util.Map.of());
            int[] next = {c % messages.length, c % messages.length}; // [to send, expected back]
            // the first messages go out before reading starts: after that only the reader touches next[]
            for (int i = 0; i < depth; i++) {
                client.writeText(messages[next[0]]);
                next[0] = (next[0] + 1) % messages.length;
            }
            client.readLoopAsync(m -> {
                byte[] want = messages[next[1]];
                next[1] = (next[1] + 1) % messages.length;
                if (!Arrays.equals(m.bytes(), want)) {
                    WRONG.increment();
                }
                ECHOES.increment();
                client.writeText(messages[next[0]]);
                next[0] = (next[0] + 1) % messages.length;
            });
            clients.add(client);
        }
        Thread.sleep((long) (warmup * 1000));
        long n0 = ECHOES.sum();
        long cpu0 = cpuTicks(pid);
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long n1 = ECHOES.sum();
        long cpu1 = cpuTicks(pid);
        long t1 = System.nanoTime();
        double rate = (n1 - n0) / ((t1 - t0) / 1e9);
        double serverUs = (cpu1 - cpu0) * 10_000.0 / Math.max(1, n1 - n0); // 100 ticks per second
        System.out.printf("RESULT {\"path\":\"%s\",\"conns\":%d,\"depth\":%d,\"size\":%d,\"msgs_per_s\":%.0f,\"server_cpu_us_per_msg\":%.3f,\"wrong\":%d}%n",
                path, conns, depth, messages[0].length, rate, serverUs, WRONG.sum());
        for (WsClient c : clients) {
            c.close();
        }
        System.exit(WRONG.sum() == 0 ? 0 : 1);
    }

    /** utime + stime of a process, in clock ticks (1/100 s). */
    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
