package io.wsboot.spring.app;

import io.wsboot.spring.test.WsTest;
import io.wsboot.spring.test.WsTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The @WsTest slice: only the named handler, on a random port, with a ready client. */
@WsTest(handlers = EchoHandler.class)
class WsTestSliceTest {

    @Autowired
    WsTestClient client;

    @Autowired
    ApplicationContext context;

    @Test
    void onlyTheNamedHandlerIsLoadedAndServed() {
        assertThat(context.getBeanNamesForType(EchoHandler.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(GreetingHandler.class)).isEmpty();
        assertThat(context.getBeanNamesForType(GreetingService.class)).isEmpty();
        assertThat(context.getBeanNamesForType(HandleCounter.class)).isEmpty();
        assertThat(client.port()).isNotEqualTo(9223);
        try (WsTestClient.Session s = client.connect("/echo")) {
            s.send("slice");
            assertThat(s.receiveText()).isEqualTo("slice");
        }
    }
}
