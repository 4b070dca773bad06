package io.wsboot.spring;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean implementing {@link io.wsboot.Handler} as the handler of one or more WebSocket
 * paths on the {@code ws.*} server. It is a {@link Component}: component scanning picks it up,
 * and {@code @Bean} methods may carry it too. The bean itself is shared by every connection on
 * its paths (the seed's "context"); per-connection state goes in {@code conn.attach(...)}.
 *
 * <pre>{@code
 * @WsHandler("/echo")
 * class Echo implements Handler {
 *     public void handle(Conn conn, Message message) {
 *         conn.writeFrame(message.type(), message.data());
 *     }
 * }
 * }</pre>
 *
 * A path may be a template, with Spring's {@code PathPattern} syntax:
 * {@code @WsHandler("/rooms/{room}")}, then {@code handshake.pathVariable("room")} or
 * {@code conn.pathVariable("room")}. A literal path wins over a template, and a more specific
 * template over a less specific one ({@link io.wsboot.PathTemplate}); metrics name the template.
 * Two beans on the same path, or on templates that could match the same request path with none
 * more specific, fail start-up, naming both.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface WsHandler {

    /** The paths served, starting with '/': literal ("/chat") or templates ("/rooms/{room}"). */
    @AliasFor("path")
    String[] value() default {};

    /** Alias of {@link #value()}. */
    @AliasFor("value")
    String[] path() default {};
}
