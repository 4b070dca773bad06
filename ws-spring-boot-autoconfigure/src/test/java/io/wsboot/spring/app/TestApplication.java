package io.wsboot.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application with two handlers, a service, and an aspect, for integration tests. */
@SpringBootApplication
public class TestApplication {
}
