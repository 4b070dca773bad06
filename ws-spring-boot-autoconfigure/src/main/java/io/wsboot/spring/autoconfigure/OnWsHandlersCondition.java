package io.wsboot.spring.autoconfigure;

import io.wsboot.spring.WsHandler;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.Arrays;

/**
 * Whether any bean is annotated {@link WsHandler}. Evaluated when beans are registered (after the
 * application's own configuration), from bean definitions: nothing is instantiated.
 */
class OnWsHandlersCondition extends SpringBootCondition implements ConfigurationCondition {

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConfigurableListableBeanFactory bf = context.getBeanFactory();
        if (bf == null) {
            return ConditionOutcome.noMatch("no bean factory");
        }
        String[] names = bf.getBeanNamesForAnnotation(WsHandler.class);
        return names.length > 0
                ? ConditionOutcome.match("@WsHandler beans " + Arrays.toString(names))
                : ConditionOutcome.noMatch("no @WsHandler bean");
    }
}
