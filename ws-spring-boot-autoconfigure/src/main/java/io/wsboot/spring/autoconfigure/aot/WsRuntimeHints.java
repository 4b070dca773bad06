package io.wsboot.spring.autoconfigure.aot;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * What the starter reaches by reflection, for an application processed ahead of time (a native
 * image): the JDK's virtual-thread executor, looked up by name so that the engine runs on Java
 * 17, and the records the actuator's websocket endpoint answers with (serialized by Jackson).
 */
public final class WsRuntimeHints implements RuntimeHintsRegistrar {
    static final String ENDPOINT = "io.wsboot.spring.autoconfigure.actuate.WsEndpoint";

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.reflection().registerType(TypeReference.of("java.util.concurrent.Executors"),
                t -> t.withMethod("newVirtualThreadPerTaskExecutor", java.util.List.of(), ExecutableMode.INVOKE));
        if (ClassUtils.isPresent(ENDPOINT, classLoader) && ClassUtils.isPresent("org.springframework.boot.actuate.endpoint.annotation.Endpoint", classLoader)) {
            new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), EndpointTypes.all());
        }
    }

    /** Apart, so that the endpoint's classes are loaded only with the actuator there. */
    private static final class EndpointTypes {
        static Class<?>[] all() {
            return new Class<?>[] {io.wsboot.spring.autoconfigure.actuate.WsEndpoint.View.class,
                    io.wsboot.spring.autoconfigure.actuate.WsEndpoint.TopicsView.class,
                    io.wsboot.spring.autoconfigure.actuate.WsEndpoint.ConnectionView.class,
                    io.wsboot.spring.autoconfigure.actuate.WsActivity.PathView.class,
                    io.wsboot.server.ServerView.Loop.class};
        }
    }
}
