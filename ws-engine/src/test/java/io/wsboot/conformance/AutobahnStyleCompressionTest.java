package io.wsboot.conformance;

import io.wsboot.CompressionConfig;
import io.wsboot.frame.OpCode;
import io.wsboot.server.WsServer;
import io.wsboot.support.Frames;
import io.wsboot.support.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server against Autobahn's permessage-deflate cases, sections 12 (echo of compressed
 * messages of 16 bytes to 128 KiB, text and binary) and 13 (the same under each offer: context
 * takeover or not, server window sizes, several offers). The client side here is the JDK's own
 * zlib, independent of the engine's deflate code: it compresses what it sends (RSV1, the
 * 00 00 ff ff tail stripped) and inflates what comes back, keeping or resetting its contexts
 * exactly as the negotiated parameters say.
 */
class AutobahnStyleCompressionTest {
    private static WsServer server;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        startServer(WsServer.builder());
    }

    /** Context takeover allowed both ways, compress everything: the strictest setting to check. */
    static void startServer(WsServer.Builder b) throws IOException {
        server = b.port(0).address("127.0.0.1").maxSize(1 << 20)
                .compression(new CompressionConfig(true, 6, 0, true, true, 15, 15))
                .handler("/", (conn, m) -> conn.writeFrame(m.type(), m.data()))
                .start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(2));
    }

    static Stream<Arguments> cases() {
        String[] offers = {
            "permessage-deflate", // 12.x and 13.1
            "permessage-deflate; client_no_context_takeover", // 13.3
            "permessage-deflate; server_no_context_takeover", // 13.4
            "permessage-deflate; client_no_context_takeover; server_no_context_takeover", // 13.5
            "permessage-deflate; client_max_window_bits", // 13.2: the client may be told a window
            "permessage-deflate; server_max_window_bits=9", // 13.6/13.7: smaller server windows
            "permessage-deflate; server_max_window_bits=12; client_no_context_takeover",
            "permessage-deflate; server_max_window_bits=15",
            "permessage-deflate; server_max_window_bits=10, permessage-deflate", // two offers
            "x-webkit-deflate-frame, permessage-deflate; unknown_parameter=1, permessage-deflate", // unknown ones skipped
        };
        int[] sizes = {16, 64, 256, 1024, 4096, 8192, 16384, 32768, 65536, 131072};
        Stream.Builder<Arguments> all = Stream.builder();
        for (String offer : offers) {
            for (int size : sizes) {
                all.add(Arguments.of(offer, size, "text"));
                all.add(Arguments.of(offer, size, "binary"));
            }
        }
        return all.build();
    }

    @ParameterizedTest(name = "{0}: {1}-byte {2} messages")
    @MethodSource("cases")
    void echoesCompressedMessages(String offer, int size, String kind) throws Exception {
        boolean text = kind.equals("text");
        try (RawClient c = RawClient.connect(port)) {
            c.send(RawClient.request("/", "Sec-WebSocket-Extensions: " + offer).getBytes(StandardCharsets.ISO_8859_1));
            RawClient.HttpAnswer a = c.readHead();
            assertEquals(101, a.status(), a.head());
            Agreed agreed = Agreed.from(a.head());
            assertTrue(agreed != null, "permessage-deflate accepted: " + a.head());
            Deflater deflater = new Deflater(6, true);
            Inflater inflater = new Inflater(true);
            Random random = new Random(size);
            try {
                for (int i = 0; i < 5; i++) {
                    byte[] payload = text ? jsonLike(random, size) : randomish(random, size);
                    OpCode op = text ? OpCode.TEXT : OpCode.BINARY;
                    byte[] z = compress(deflater, payload);
                    if (agreed.clientNoContextTakeover) {
                        deflater.reset();
                    }
                    c.send(Frames.raw(true, 4, op.code(), z, true, z.length)); // RSV1: compressed
                    RawClient.Frame f = c.readFrame();
                    assertEquals(op.code(), f.opcode(), "echo " + i);
                    assertTrue(f.fin(), "echo " + i + " in one frame");
                    byte[] got = f.payload();
                    if ((f.rsv() & 4) != 0) {
                        got = inflate(inflater, got);
                        if (agreed.serverNoContextTakeover) {
                            inflater.reset();
                        }
                    } else {
                        assertEquals(0, f.rsv(), "no other reserved bit");
                    }
                    assertArrayEquals(payload, got, "echo " + i + " of " + size + " bytes");
                }
                c.send(Frames.client(OpCode.CLOSE, Frames.closePayload(1000, "")));
                assertEquals(1000, c.readClose().closeCode());
            } finally {
                deflater.end();
                inflater.end();
            }
        }
    }

    /** The parameters the server answered with. */
    private record Agreed(boolean serverNoContextTakeover, boolean clientNoContextTakeover) {
        private static final Pattern HEADER = Pattern.compile("(?im)^sec-websocket-extensions:\\s*(.*)$");

        static Agreed from(String head) {
            Matcher m = HEADER.matcher(head);
            if (!m.find()) {
                return null;
            }
            String v = m.group(1).trim().toLowerCase();
            assertTrue(v.startsWith("permessage-deflate"), v);
            assertTrue(!v.contains(","), "a single extension agreed: " + v);
            return new Agreed(v.contains("server_no_context_takeover"), v.contains("client_no_context_takeover"));
        }
    }

    /** Raw deflate, SYNC_FLUSH, without the 00 00 ff ff tail (RFC 7692 7.2.1). */
    private static byte[] compress(Deflater d, byte[] in) {
        d.setInput(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        byte[] z = out.toByteArray();
        assertTrue(z.length >= 4 && z[z.length - 4] == 0 && z[z.length - 3] == 0 && z[z.length - 2] == -1 && z[z.length - 1] == -1);
        return java.util.Arrays.copyOf(z, z.length - 4);
    }

    /** Appends the tail back and inflates (RFC 7692 7.2.2). */
    private static byte[] inflate(Inflater inf, byte[] z) throws DataFormatException {
        byte[] withTail = Frames.concat(z, new byte[] {0, 0, (byte) 0xff, (byte) 0xff});
        inf.setInput(withTail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (true) {
            int n = inf.inflate(buf);
            out.write(buf, 0, n);
            if (n == 0 && (inf.needsInput() || inf.finished())) {
                break;
            }
        }
        return out.toByteArray();
    }

    private static byte[] jsonLike(Random r, int size) {
        StringBuilder sb = new StringBuilder(size + 64);
        while (sb.length() < size) {
            sb.append("{\"id\":").append(r.nextInt(100000)).append(",\"name\":\"user").append(r.nextInt(1000))
                    .append("\",\"tags\":[\"a\",\"b\"],\"price\":").append(r.nextInt(10000) / 100.0).append("},");
        }
        sb.setLength(size);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Half random, half repeated: some of it compresses, some does not. */
    private static byte[] randomish(Random r, int size) {
        byte[] b = new byte[size];
        r.nextBytes(b);
        for (int i = size / 2; i < size; i++) {
            b[i] = (byte) (i % 7);
        }
        return b;
    }
}
