package io.wsboot.client;

import org.junit.jupiter.api.AfterAll;

/** The interop tests again with {@code ws://} connections read by a shared event loop. */
class ClientInteropOnEventLoopsTest extends ClientInteropTest {
    private static final ClientEventLoops LOOPS = ClientEventLoops.create(1);

    @AfterAll
    static void stopLoops() {
        LOOPS.close();
    }

    @Override
    protected ClientConfig.Builder config() {
        return ClientConfig.builder().eventLoops(LOOPS);
    }
}
