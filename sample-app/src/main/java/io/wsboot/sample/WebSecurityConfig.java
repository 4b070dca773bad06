package io.wsboot.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The main port's security: the chat and its assets open to anyone, the private page and the
 * WebSocket token ({@link TokenController}) behind a login form (a session), the actuator's
 * websocket endpoint for ADMINs (Basic works too, for scripts). What guards the
 * WebSocket port is in {@link WsSecurityConfig}.
 */
@Configuration(proxyBeanMethods = false)
public class WebSecurityConfig {

    /** Demo users: ann and bob, password "password" ({noop}: a sample, not a way to store passwords). */
    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("ann").password("{noop}password").roles("USER").build(),
                User.withUsername("bob").password("{noop}password").roles("USER", "ADMIN").build());
    }

    @Bean
    SecurityFilterChain http(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/private.html", "/private.js", "/api/ws-token").authenticated()
                        // who is connected, from where: operators only
                        .requestMatchers("/actuator/websocket").hasRole("ADMIN")
                        .anyRequest().permitAll())
                .formLogin(f -> f.defaultSuccessUrl("/private.html", true))
                .httpBasic(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                .build();
    }
}
