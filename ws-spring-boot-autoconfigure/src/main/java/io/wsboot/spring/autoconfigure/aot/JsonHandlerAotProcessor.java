package io.wsboot.spring.autoconfigure.aot;

import org.springframework.aot.generate.GenerationContext;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * A {@code JsonHandler<T>} bean's {@code T} is read and written by Jackson through reflection:
 * ahead of time, its binding hints (the type, its properties, what they hold) are registered, so
 * a native image decodes the messages the handler takes.
 */
public final class JsonHandlerAotProcessor implements BeanRegistrationAotProcessor {
    static final String JSON_HANDLER = "io.wsboot.spring.json.JsonHandler";

    @Override
    public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean bean) {
        ClassLoader loader = bean.getBeanFactory().getBeanClassLoader();
        if (!ClassUtils.isPresent(JSON_HANDLER, loader) || !ClassUtils.isPresent("tools.jackson.databind.ObjectMapper", loader)) {
            return null;
        }
        Class<?> messageType = messageType(bean.getBeanClass(), ClassUtils.resolveClassName(JSON_HANDLER, loader));
        if (messageType == null) {
            return null;
        }
        return (GenerationContext context, BeanRegistrationCode code) ->
                new BindingReflectionHintsRegistrar().registerReflectionHints(context.getRuntimeHints().reflection(), messageType);
    }

    /** The T of {@code JsonHandler<T>} that {@code beanClass} implements, or null. */
    static Class<?> messageType(Class<?> beanClass, Class<?> jsonHandler) {
        if (!jsonHandler.isAssignableFrom(beanClass)) {
            return null;
        }
        Class<?> t = ResolvableType.forClass(beanClass).as(jsonHandler).getGeneric(0).resolve();
        return t == null || t == Object.class ? null : t;
    }
}
