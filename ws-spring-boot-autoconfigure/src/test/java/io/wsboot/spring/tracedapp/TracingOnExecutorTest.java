package io.wsboot.spring.tracedapp;

import org.springframework.boot.test.context.SpringBootTest;

/** The same traces with handlers on the handler executor: each call's scope opens on the thread that runs it. */
@SpringBootTest(classes = TracedApplication.class, properties = {"ws.port=0", "ws.address=127.0.0.1",
        "ws.allowed-origins=https://good.example", "ws.observations.messages=true", "ws.handler-executor=virtual",
        "management.tracing.sampling.probability=1.0", "management.opentelemetry.tracing.export.schedule-delay=50ms"})
class TracingOnExecutorTest extends TracingTest {
}
