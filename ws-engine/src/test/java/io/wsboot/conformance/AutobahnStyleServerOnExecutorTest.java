package io.wsboot.conformance;

import io.wsboot.server.WsServer;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** The same case list with the handler on an executor (ws.handler-executor): one behaviour in every dispatch mode. */
class AutobahnStyleServerOnExecutorTest extends AutobahnStyleServerTest {

    @BeforeAll
    static void start() throws IOException {
        startServer(WsServer.builder().offloadHandlers());
    }
}
