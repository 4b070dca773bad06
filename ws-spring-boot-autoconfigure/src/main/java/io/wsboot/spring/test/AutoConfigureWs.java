package io.wsboot.spring.test;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Imports the WebSocket server auto-configuration and a {@link WsTestClient} into a test
 * (used by {@link WsTest}; add it to a {@code @SpringBootTest} to get the client there). The
 * auto-configurations are listed in
 * {@code META-INF/spring/io.wsboot.spring.test.AutoConfigureWs.imports}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureWs {
}
