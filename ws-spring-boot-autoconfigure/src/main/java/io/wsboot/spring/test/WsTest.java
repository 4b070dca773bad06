package io.wsboot.spring.test;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test slice for WebSocket handlers, shaped like {@code @WebMvcTest}: the context holds only
 * the {@code @WsHandler} beans (or those named in {@link #handlers()}), {@code WsServerCustomizer}
 * beans and the WebSocket auto-configuration; the server listens on a random port
 * ({@code ws.port=0}) and a {@link WsTestClient} bean is ready to talk to it. Other beans
 * the handlers need can be added with {@code @Import} or {@code @MockitoBean}.
 *
 * <pre>{@code
 * @WsTest(handlers = EchoHandler.class)
 * class EchoHandlerTest {
 *     @Autowired WsTestClient client;
 *
 *     @Test
 *     void echoes() {
 *         try (var s = client.connect("/echo")) {
 *             s.send("hi");
 *             assertEquals("hi", s.receiveText());
 *         }
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(WsTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(WsTypeExcludeFilter.class)
@AutoConfigureWs
@ImportAutoConfiguration
public @interface WsTest {

    /** Properties to add to the environment, {@code key=value}; {@code ws.port=0} is set unless given here. */
    String[] properties() default {};

    /** The handler classes to include; all {@code @WsHandler} beans when empty. */
    Class<?>[] handlers() default {};

    /** Whether the default filters (handlers, customizers) apply. */
    boolean useDefaultFilters() default true;

    /** More components to include. */
    Filter[] includeFilters() default {};

    /** Components to leave out. */
    Filter[] excludeFilters() default {};

    /** Auto-configurations to leave out. */
    @AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
    Class<?>[] excludeAutoConfiguration() default {};
}
