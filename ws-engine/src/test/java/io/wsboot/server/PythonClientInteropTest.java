package io.wsboot.server;

import io.wsboot.Conn;
import io.wsboot.Handshake;
import io.wsboot.HandshakeRejection;
import io.wsboot.Message;
import io.wsboot.frame.OpCode;
import io.wsboot.support.Processes;
import io.wsboot.support.Recorder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Interoperability with an independent client: Debian's python3-websockets. */
class PythonClientInteropTest {

    @Test
    void pythonWebsocketsClientPassesEveryCheck() throws Exception {
        Processes.requirePythonWebsockets();
        Recorder echo = new Recorder();
        Recorder pinger = new Recorder() {
            @Override
            protected void onOpen(Conn conn) {
                conn.writeFrame(OpCode.PING, "server ping".getBytes());
            }

            @Override
            protected void onMessage(Conn conn, Message message) {
                if (message.type() == OpCode.PONG) {
                    conn.write("pong:" + message.text());
                }
            }
        };
        Recorder closer = new Recorder() {
            @Override
            protected void onMessage(Conn conn, Message message) {
                conn.close(4001, "closing");
            }
        };
        Recorder gate = new Recorder() {
            @Override
            protected void onInit(Handshake handshake, Conn conn) {
                if (!"secret".equals(handshake.queryParam("token"))) {
                    throw HandshakeRejection.forbidden("token required");
                }
            }
        };
        Recorder chat = new Recorder() {
            @Override
            protected void onInit(Handshake handshake, Conn conn) {
                handshake.selectSubprotocol("v2.chat");
            }
        };
        // the size-edge texts repeat a-z: they inflate a thousand times, past the default max-inflate-ratio
        WsServer main = WsServer.builder().port(0).address("127.0.0.1").maxSize(1 << 20).handlePong(true)
                .compression(io.wsboot.CompressionConfig.serverDefaults().withMaxInflateRatio(0))
                .handler("/echo", echo).handler("/pinger", pinger).handler("/closer", closer)
                .handler("/gate", gate).handler("/chat", chat).start();
        // the max-size check needs a small max-size: a second server
        WsServer small = WsServer.builder().port(0).address("127.0.0.1").maxSize(1024).bufferSize(1024)
                .handler("/small", new Recorder()).start();
        try {
            Processes.Result r = Processes.run(List.of(Processes.python(), "-u",
                    Processes.resource("/peers/python_client.py").toString(), Integer.toString(main.port()), Integer.toString(small.port())), 60);
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().contains("DONE"), r.output());
            assertTrue(r.output().contains("PASS binary echo 1048576"), r.output());
            assertTrue(r.output().contains("PASS over max-size is 1009"), r.output());
        } finally {
            main.stop(Duration.ofSeconds(2));
            small.stop(Duration.ofSeconds(2));
        }
        for (Recorder rec : List.of(echo, pinger, closer, gate, chat)) {
            rec.assertClean();
        }
    }
}
