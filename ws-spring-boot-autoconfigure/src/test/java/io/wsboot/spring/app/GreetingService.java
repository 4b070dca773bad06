package io.wsboot.spring.app;

import org.springframework.stereotype.Service;

/** An ordinary application service a handler depends on. */
@Service
public class GreetingService {
    public String greet(String name) {
        return "hello " + name;
    }
}
