package io.wsboot.sample;

import io.wsboot.spring.test.AutoConfigureWs;
import io.wsboot.spring.test.WsTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample application starts and echoes over a real socket. */
@SpringBootTest(properties = "ws.port=0")
@AutoConfigureWs
class SampleApplicationTest {

    @Autowired
    WsTestClient client;

    @Test
    void echoesTextAndBinary() {
        try (WsTestClient.Session s = client.connect("/echo")) {
            s.send("hello sample");
            assertThat(s.receiveText()).isEqualTo("hello sample");
            s.send(new byte[] {4, 2});
            assertThat(s.receiveBinary()).containsExactly(4, 2);
        }
    }
}
