package io.wsboot.conformance;

import io.wsboot.server.WsServer;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;

/** The compression cases with the handler on an executor (ws.handler-executor). */
class AutobahnStyleCompressionOnExecutorTest extends AutobahnStyleCompressionTest {

    @BeforeAll
    static void start() throws IOException {
        startServer(WsServer.builder().offloadHandlers());
    }
}
