package io.wsboot.spring.test;

import io.wsboot.spring.WsHandler;
import io.wsboot.spring.WsServerCustomizer;
import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

import java.util.Set;

/** Keeps, in a {@link WsTest}, the handlers (all, or those named) and server customizers. */
class WsTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<WsTest> {
    private final Set<Class<?>> handlers;

    WsTypeExcludeFilter(Class<?> testClass) {
        super(testClass);
        this.handlers = Set.of(getAnnotation().getValue("handlers", Class[].class).orElse(new Class<?>[0]));
    }

    @Override
    protected Set<Class<?>> getKnownIncludes() {
        return handlers.isEmpty() ? Set.of(WsHandler.class, WsServerCustomizer.class) : Set.of(WsServerCustomizer.class);
    }

    @Override
    protected Set<Class<?>> getComponentIncludes() {
        return handlers;
    }
}
