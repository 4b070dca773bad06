package io.wsboot.spring;

import io.wsboot.PathTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @WsHandler} paths promise Spring's {@code PathPattern} semantics, while the engine has a
 * matcher of its own (it depends on nothing but the JDK): the two must agree on what matches,
 * what is captured, and which of several matching templates serves a path.
 */
class PathTemplateMatchesSpringTest {
    static final List<String> PATTERNS = List.of(
            "/", "/chat", "/rooms/lobby", "/rooms/{room}", "/rooms/{room}/log", "/rooms/*", "/rooms/{*rest}", "/rooms/**",
            "/users/{user}/orders/{id:\\d+}", "/files/{name}.{ext:[a-z]+}", "/img/*.png", "/feed/t?st", "/feed/{x}",
            "/static/**", "/a/{b}/c", "/a/*/c", "/a/*", "/**");
    static final List<String> PATHS = List.of(
            "/", "/chat", "/chat/", "/rooms", "/rooms/", "/rooms/lobby", "/rooms/kitchen", "/rooms/caf%C3%A9", "/rooms/a%2Fb",
            "/rooms/a+b", "/rooms/x;v=1", "/rooms/a/log", "/rooms/a/b/c", "/users/ann/orders/42", "/users/ann/orders/4x",
            "/files/report.pdf", "/files/report.PDF", "/img/a.png", "/img/.png", "/img/a.gif", "/feed/test", "/feed/toast",
            "/static", "/static/", "/static/a/b", "/a/b/c", "/a//c", "/a/", "/a/b", "/x/y/z");

    static PathPattern spring(String pattern) {
        return PathPatternParser.defaultInstance.parse(pattern);
    }

    @Test
    void matchesAndCapturesAsPathPatternDoes() {
        List<String> differences = new ArrayList<>();
        for (String pattern : PATTERNS) {
            PathTemplate ours = PathTemplate.parse(pattern);
            PathPattern theirs = spring(pattern);
            for (String path : PATHS) {
                Map<String, String> got = ours.match(path);
                PathPattern.PathMatchInfo info = theirs.matchAndExtract(PathContainer.parsePath(path));
                Map<String, String> want = info == null ? null : info.getUriVariables();
                if (want == null ? got != null : !want.equals(got)) {
                    differences.add(pattern + " on " + path + ": ours " + got + ", Spring's " + want);
                }
            }
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void theSameTemplateWinsAsInSpring() {
        List<String> differences = new ArrayList<>();
        for (String path : PATHS) {
            List<String> matching = PATTERNS.stream().filter(p -> PathTemplate.parse(p).matches(path)).toList();
            if (matching.isEmpty()) {
                continue;
            }
            String ours = matching.stream().map(PathTemplate::parse).min(PathTemplate.SPECIFICITY).orElseThrow().pattern();
            String theirs = matching.stream().map(PathTemplateMatchesSpringTest::spring)
                    .min(Comparator.nullsLast(PathPattern.SPECIFICITY_COMPARATOR)).orElseThrow().getPatternString();
            if (!ours.equals(theirs)) {
                differences.add(path + ": ours " + ours + ", Spring's " + theirs + " (of " + matching + ")");
            }
        }
        assertThat(differences).isEmpty();
    }
}
