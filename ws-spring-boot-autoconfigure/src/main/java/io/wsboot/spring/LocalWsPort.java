package io.wsboot.spring;

import org.springframework.beans.factory.annotation.Value;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the port the WebSocket server listens on once started (the real one when
 * {@code ws.port=0}): the value of the {@code local.ws.port} property, like
 * {@code @LocalServerPort} for the web server.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${" + LocalWsPort.PROPERTY + "}")
public @interface LocalWsPort {
    /** The environment property holding the port of the running WebSocket server. */
    String PROPERTY = "local.ws.port";
}
