package io.wsboot.spring.app;

import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.Before;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts calls to EchoHandler.handle: makes that handler an AOP proxy. */
@Aspect
@Component
public class HandleCounter {
    public final AtomicInteger calls = new AtomicInteger();

    @Before("execution(* io.wsboot.spring.app.EchoHandler.handle(..))")
    public void count() {
        calls.incrementAndGet();
    }
}
