package io.wsboot.spring.autoconfigure.aot;

import io.wsboot.Conn;
import io.wsboot.spring.autoconfigure.actuate.WsEndpoint;
import io.wsboot.spring.json.JsonHandler;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/** The hints a native image of a wsboot application needs are registered when it is processed ahead of time. */
class WsRuntimeHintsTest {
    public record Say(String text, Nested nested) {
    }

    public record Nested(int n) {
    }

    /** A JSON handler as an application writes one. */
    public static class SayHandler implements JsonHandler<Say> {
        @Override
        public void handle(Conn conn, Say message) {
        }
    }

    @Test
    void theVirtualThreadExecutorAndTheEndpointsAnswersAreReachable() {
        RuntimeHints hints = new RuntimeHints();
        new WsRuntimeHints().registerHints(hints, getClass().getClassLoader());
        assertThat(RuntimeHintsPredicates.reflection().onType(java.util.concurrent.Executors.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(WsEndpoint.View.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(WsEndpoint.ConnectionView.class)).accepts(hints);
    }

    @Test
    void theRegistrarIsFoundThroughAotFactories() {
        assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(org.springframework.aot.hint.RuntimeHintsRegistrar.class)).anyMatch(r -> r instanceof WsRuntimeHints);
    }

    @Test
    void aJsonHandlersMessageTypeIsBoundAheadOfTime() {
        GenericApplicationContext ctx = new GenericApplicationContext();
        ctx.registerBean(SayHandler.class);
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get("com.example", "App")), new InMemoryGeneratedFiles());
        new ApplicationContextAotGenerator().processAheadOfTime(ctx, generation);
        RuntimeHints hints = generation.getRuntimeHints();
        assertThat(RuntimeHintsPredicates.reflection().onType(Say.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Nested.class)).accepts(hints);
    }
}
