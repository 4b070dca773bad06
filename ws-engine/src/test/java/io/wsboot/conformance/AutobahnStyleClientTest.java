package io.wsboot.conformance;

import io.wsboot.client.ClientConfig;
import io.wsboot.client.ClientEventLoops;
import io.wsboot.client.WsClient;
import io.wsboot.frame.OpCode;
import io.wsboot.handshake.HandshakeResponses;
import io.wsboot.support.Frames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against Autobahn's fuzzing-server cases (the suite's client mode: the server sends,
 * the client under test echoes every message back), replayed by a raw server in this test:
 * framing, pings, reserved bits and opcodes, fragmentation, UTF-8, close codes and large
 * messages, each with the strict outcome, on a read thread and on shared event loops.
 */
class AutobahnStyleClientTest {
    private static final ClientEventLoops LOOPS = ClientEventLoops.create(1);

    @AfterAll
    static void stopLoops() {
        LOOPS.close();
    }

    /**
     * A case: what the server sends, what the client must send back (frames: opcode + payload,
     * checked unmasked), then the close code the client must send (0: none expected from it
     * first; the server then closes with 1000 and the client must answer 1000).
     */
    record Case(String id, byte[] send, List<byte[]> answers, int clientCloseCode) {
        @Override
        public String toString() {
            return id;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> all = new ArrayList<>();
        int[] sizes = {0, 125, 126, 127, 128, 65535, 65536, 1 << 20};
        for (int size : sizes) {
            byte[] t = filled(size, '*');
            all.add(new Case("1.1 text " + size, f(true, 0, OpCode.TEXT, t), List.of(a(OpCode.TEXT, t)), 0));
            byte[] b = filled(size, (char) 0xfe);
            all.add(new Case("1.2 binary " + size, f(true, 0, OpCode.BINARY, b), List.of(a(OpCode.BINARY, b)), 0));
        }
        all.add(new Case("2.2 ping answered", f(true, 0, OpCode.PING, bytes("Hello, world!")), List.of(a(OpCode.PONG, bytes("Hello, world!"))), 0));
        all.add(new Case("2.4 ping 125", f(true, 0, OpCode.PING, filled(125, 'p')), List.of(a(OpCode.PONG, filled(125, 'p'))), 0));
        all.add(new Case("2.5 ping 126", f(true, 0, OpCode.PING, filled(126, 'p')), List.of(), 1002));
        all.add(new Case("2.7 unsolicited pong", f(true, 0, OpCode.PONG, bytes("x")), List.of(), 0));
        for (int rsv = 1; rsv <= 7; rsv++) {
            all.add(new Case("3." + rsv + " rsv " + rsv, Frames.concat(f(true, 0, OpCode.TEXT, bytes("Hello")),
                    f(true, rsv, OpCode.TEXT, bytes("Hello"))), List.of(a(OpCode.TEXT, bytes("Hello"))), 1002));
        }
        for (int op : new int[] {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
            all.add(new Case("4.x opcode " + op, Frames.concat(f(true, 0, OpCode.TEXT, bytes("Hello")),
                    Frames.raw(true, 0, op, bytes("x"), false, 1)), List.of(a(OpCode.TEXT, bytes("Hello"))), 1002));
        }
        all.add(new Case("masked server frame", Frames.raw(true, 0, OpCode.TEXT.code(), bytes("masked"), true, 6), List.of(), 1002));
        all.add(new Case("5.1 fragmented ping", Frames.concat(f(false, 0, OpCode.PING, bytes("a")), f(true, 0, OpCode.CONTINUATION, bytes("b"))),
                List.of(), 1002));
        all.add(new Case("5.6 ping between fragments", Frames.concat(f(false, 0, OpCode.TEXT, bytes("frag1")),
                f(true, 0, OpCode.PING, bytes("ping")), f(true, 0, OpCode.CONTINUATION, bytes("frag2"))),
                List.of(a(OpCode.PONG, bytes("ping")), a(OpCode.TEXT, bytes("frag1frag2"))), 0));
        all.add(new Case("5.9 continuation without start", f(true, 0, OpCode.CONTINUATION, bytes("x")), List.of(), 1002));
        all.add(new Case("5.18 text inside text", Frames.concat(f(false, 0, OpCode.TEXT, bytes("a")), f(true, 0, OpCode.TEXT, bytes("b"))),
                List.of(), 1002));
        String[] valid = {"cebae1bdb9cf83cebcceb5", "00", "c280", "e0a080", "f0908080", "7f", "dfbf", "efbfbf", "f48fbfbf",
            "ed9fbf", "ee8080", "efbfbd", "efbfbe"};
        String[] invalid = {"f4908080", "f888808080", "80", "bf", "c020", "e020", "c0", "e080", "f08080", "fe", "ff", "c0af",
            "e080af", "c1bf", "e09fbf", "c080", "eda080", "edbfbf", "eda080edb080"};
        for (String hex : valid) {
            byte[] p = HexFormat.of().parseHex(hex);
            all.add(new Case("6.x valid " + hex, f(true, 0, OpCode.TEXT, p), List.of(a(OpCode.TEXT, p)), 0));
            all.add(new Case("6.x valid " + hex + " per byte", perByte(p), List.of(a(OpCode.TEXT, p)), 0));
        }
        for (String hex : invalid) {
            byte[] p = HexFormat.of().parseHex(hex);
            all.add(new Case("6.x invalid " + hex, f(true, 0, OpCode.TEXT, p), List.of(), 1007));
            all.add(new Case("6.x invalid " + hex + " per byte", perByte(p), List.of(), 1007));
        }
        all.add(new Case("7.3.2 one-byte close", f(true, 0, OpCode.CLOSE, new byte[] {3}), List.of(), 1002));
        all.add(new Case("7.3.6 close payload 126", Frames.raw(true, 0, OpCode.CLOSE.code(), filled(126, 'r'), false, 126), List.of(), 1002));
        all.add(new Case("7.5.1 close reason invalid UTF-8", f(true, 0, OpCode.CLOSE,
                HexFormat.of().parseHex("03e8cebae1bdb9cf83cebcceb5eda080656469746564")), List.of(), 1007));
        for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
            all.add(new Case("7.7 close " + code, f(true, 0, OpCode.CLOSE, Frames.closePayload(code, "")), List.of(), -code));
        }
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
            all.add(new Case("7.9 close " + code, f(true, 0, OpCode.CLOSE, Frames.closePayload(code, "")), List.of(), 1002));
        }
        Stream.Builder<Arguments> out = Stream.builder();
        for (Case k : all) {
            out.add(Arguments.of(k, "thread"));
            out.add(Arguments.of(k, "loop"));
        }
        return out.build();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("cases")
    void autobahnCase(Case k, String mode) throws Exception {
        try (ServerSocket ss = new ServerSocket(0)) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    Socket s = ss.accept();
                    answerHandshake(s);
                    return s;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            ClientConfig.Builder cfg = ClientConfig.builder().maxSize(2 << 20).closeTimeout(Duration.ofSeconds(2));
            if (mode.equals("loop")) {
                cfg.eventLoops(LOOPS);
            }
            WsClient client = WsClient.connect("127.0.0.1", ss.getLocalPort(), cfg.build()).handshake("/", Duration.ofSeconds(5), Map.of());
            CompletableFuture<Void> ended = client.readLoopAsync(m -> client.writeFrame(m.type(), m.bytes())); // echo
            try (Socket s = accepted.get(5, TimeUnit.SECONDS)) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                out.write(k.send());
                out.flush();
                for (int i = 0; i < k.answers().size(); i++) {
                    assertArrayEquals(k.answers().get(i), readClientFrame(in), k.id() + ": answer " + i);
                }
                if (k.clientCloseCode() > 0) {
                    byte[] close = readClientFrame(in);
                    assertEquals(OpCode.CLOSE.code(), close[0] & 0x0F, k.id() + ": the client fails the connection with a close");
                    assertEquals(k.clientCloseCode(), closeCode(close), k.id() + ": close code");
                } else {
                    int code = k.clientCloseCode() < 0 ? -k.clientCloseCode() : 1000;
                    if (k.clientCloseCode() == 0) {
                        out.write(f(true, 0, OpCode.CLOSE, Frames.closePayload(1000, "")));
                        out.flush();
                    }
                    byte[] close = readClientFrame(in);
                    assertEquals(OpCode.CLOSE.code(), close[0] & 0x0F, k.id() + ": the client answers the close");
                    assertEquals(code, closeCode(close), k.id() + ": the close code echoed");
                }
                // then nothing more from the client, and it ends the connection
                assertEquals(-1, in.read(), k.id() + ": nothing after the close");
            }
            ended.get(10, TimeUnit.SECONDS);
        }
    }

    private static void answerHandshake(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            head.append((char) b);
        }
        String key = head.toString().lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                .findFirst().orElseThrow().substring(18).trim();
        s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + HandshakeResponses.acceptKey(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * One frame from the client: must be masked (RFC 6455 5.3); returned as first byte then the
     * unmasked payload, to compare with {@link #a}.
     */
    private static byte[] readClientFrame(InputStream in) throws IOException {
        int b0 = readByte(in);
        int b1 = readByte(in);
        assertTrue((b1 & 0x80) != 0, "client frames are masked");
        long len = b1 & 0x7F;
        if (len == 126) {
            len = (readByte(in) << 8) | readByte(in);
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | readByte(in);
            }
        }
        byte[] key = in.readNBytes(4);
        byte[] p = in.readNBytes((int) len);
        for (int i = 0; i < p.length; i++) {
            p[i] ^= key[i & 3];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b0);
        out.writeBytes(p);
        return out.toByteArray();
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the client closed the connection");
        }
        return b;
    }

    private static int closeCode(byte[] frame) {
        return frame.length >= 3 ? ((frame[1] & 0xFF) << 8) | (frame[2] & 0xFF) : 1005;
    }

    /** An expected answer: a whole frame (FIN) of {@code op} with {@code payload}, as {@link #readClientFrame} returns it. */
    private static byte[] a(OpCode op, byte[] payload) {
        return Frames.concat(new byte[] {(byte) (0x80 | op.code())}, payload);
    }

    /** A server frame (unmasked). */
    private static byte[] f(boolean fin, int rsv, OpCode op, byte[] payload) {
        return Frames.raw(fin, rsv, op.code(), payload, false, payload.length);
    }

    private static byte[] perByte(byte[] p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < p.length; i++) {
            out.writeBytes(f(i == p.length - 1, 0, i == 0 ? OpCode.TEXT : OpCode.CONTINUATION, new byte[] {p[i]}));
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] filled(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }
}
