package io.wsboot.spring.autoconfigure;

import io.wsboot.Handler;
import io.wsboot.PathTemplate;
import io.wsboot.spring.WsHandler;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.MergedAnnotations;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The handlers to serve: every bean annotated {@link WsHandler} (on its class, or on the
 * {@code @Bean} method that made it), by path. Proxied beans (AOP) are found through their
 * target class and served through the proxy.
 */
public final class WsHandlerRegistry {
    private final Map<String, Handler> handlers = new LinkedHashMap<>();
    private final Map<String, String> beanNames = new LinkedHashMap<>();

    /** Finds the {@code @WsHandler} beans of {@code beanFactory}; fails on a wrong one, naming it. */
    public static WsHandlerRegistry discover(ListableBeanFactory beanFactory) {
        return discover(beanFactory, java.util.List.of());
    }

    /**
     * As {@link #discover(ListableBeanFactory)}, a bean that is no {@link Handler} served through
     * the first adapter that takes it (a {@code JsonHandler}, say).
     */
    public static WsHandlerRegistry discover(ListableBeanFactory beanFactory, java.util.List<WsHandlerAdapter> adapters) {
        WsHandlerRegistry registry = new WsHandlerRegistry();
        for (String name : beanFactory.getBeanNamesForAnnotation(WsHandler.class)) {
            WsHandler annotation = beanFactory.findAnnotationOnBean(name, WsHandler.class);
            if (annotation == null) {
                continue;
            }
            Object bean = beanFactory.getBean(name);
            Handler handler = bean instanceof Handler h ? h : adapt(name, bean, adapters);
            if (handler == null) {
                throw new WsHandlerDefinitionException(
                        "@WsHandler bean '" + name + "' (" + bean.getClass().getName() + ") does not implement " + Handler.class.getName()
                                + (adapters.isEmpty() ? "" : " or io.wsboot.spring.json.JsonHandler"),
                        "Implement io.wsboot.Handler in '" + name + "', or remove its @WsHandler annotation.");
            }
            String[] paths = paths(annotation);
            if (paths.length == 0) {
                throw new WsHandlerDefinitionException("@WsHandler bean '" + name + "' names no path",
                        "Give the path it serves, e.g. @WsHandler(\"/chat\").");
            }
            for (String path : paths) {
                registry.add(path, name, handler);
            }
        }
        return registry;
    }

    private static Handler adapt(String name, Object bean, java.util.List<WsHandlerAdapter> adapters) {
        for (WsHandlerAdapter a : adapters) {
            Handler h = a.adapt(name, bean);
            if (h != null) {
                return h;
            }
        }
        return null;
    }

    private static String[] paths(WsHandler annotation) {
        // value and path are aliases: the merged view gives whichever was set
        return MergedAnnotations.from(annotation).get(WsHandler.class).getStringArray("value");
    }

    /** Adds a handler programmatically; the same checks as for annotated beans. */
    public void add(String path, String beanName, Handler handler) {
        if (path == null || !path.startsWith("/")) {
            throw new WsHandlerDefinitionException(
                    "@WsHandler bean '" + beanName + "' has path '" + path + "', which does not start with '/'",
                    "Use a path such as \"/chat\".");
        }
        PathTemplate template;
        try {
            template = PathTemplate.parse(path);
        } catch (IllegalArgumentException e) {
            throw new WsHandlerDefinitionException("@WsHandler bean '" + beanName + "' has a bad path: " + e.getMessage(),
                    "Write the path as Spring's PathPattern does, e.g. \"/rooms/{room}\" or \"/files/{*path}\".");
        }
        String other = beanNames.get(path);
        if (other != null) {
            throw new WsHandlerDefinitionException(
                    "Two @WsHandler beans serve the path '" + path + "': '" + other + "' and '" + beanName + "'",
                    "Give each @WsHandler bean its own path, or remove one of them.");
        }
        beanNames.forEach((otherPath, otherBean) -> {
            if (PathTemplate.parse(otherPath).ambiguousWith(template)) {
                throw new WsHandlerDefinitionException("The @WsHandler paths '" + otherPath + "' of bean '" + otherBean + "' and '" + path
                        + "' of bean '" + beanName + "' are ambiguous: a request path could match both, and neither is more specific",
                        "Make one of them more specific (a literal segment, or a regex such as {id:\\d+}), or serve both from one bean.");
            }
        });
        beanNames.put(path, beanName);
        handlers.put(path, handler);
    }

    /** Handlers by path, in discovery order. */
    public Map<String, Handler> handlers() {
        return Collections.unmodifiableMap(handlers);
    }

    /** The bean serving {@code path}. */
    public String beanName(String path) {
        return beanNames.get(path);
    }

    public boolean isEmpty() {
        return handlers.isEmpty();
    }
}
