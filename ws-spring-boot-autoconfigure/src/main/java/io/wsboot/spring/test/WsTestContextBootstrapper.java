package io.wsboot.spring.test;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

import java.util.Arrays;
import java.util.stream.Stream;

/** Bootstraps {@link WsTest}: its properties, with {@code ws.port=0} unless the test sets a port. */
class WsTestContextBootstrapper extends TestSliceTestContextBootstrapper<WsTest> {

    @Override
    protected String[] getProperties(Class<?> testClass) {
        String[] props = super.getProperties(testClass);
        String[] given = props == null ? new String[0] : props;
        boolean portGiven = Arrays.stream(given).anyMatch(p -> p.replace(" ", "").startsWith("ws.port"));
        return portGiven ? given : Stream.concat(Arrays.stream(given), Stream.of("ws.port=0")).toArray(String[]::new);
    }
}
