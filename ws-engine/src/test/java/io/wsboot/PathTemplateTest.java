package io.wsboot;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Templates match, capture and rank as Spring's PathPattern does (the Spring module checks the two agree). */
class PathTemplateTest {

    @Test
    void literalPathsMatchThemselvesOnly() {
        PathTemplate t = PathTemplate.parse("/chat");
        assertTrue(t.isLiteral());
        assertEquals(Map.of(), t.match("/chat"));
        assertNull(t.match("/chat/"));
        assertNull(t.match("/chats"));
        assertNull(t.match("/"));
        assertTrue(PathTemplate.parse("/").matches("/"));
    }

    @Test
    void capturesWholeSegmentsDecoded() {
        PathTemplate t = PathTemplate.parse("/rooms/{room}");
        assertFalse(t.isLiteral());
        assertEquals(List.of("room"), t.variableNames());
        assertEquals(Map.of("room", "lobby"), t.match("/rooms/lobby"));
        assertEquals(Map.of("room", "caf\u00e9 1"), t.match("/rooms/caf%C3%A9%201"));
        assertEquals(Map.of("room", "a+b"), t.match("/rooms/a+b"), "'+' is no space in a path");
        assertEquals(Map.of("room", "a/b"), t.match("/rooms/a%2Fb"), "an encoded slash stays in its segment");
        assertNull(t.match("/rooms/"), "a variable takes at least one character");
        assertNull(t.match("/rooms"));
        assertNull(t.match("/rooms/a/b"));
        assertEquals(Map.of("room", "x"), t.match("/rooms/x;v=1"), "matrix parameters are left out");
    }

    @Test
    void severalVariablesAndRegexConstraints() {
        PathTemplate t = PathTemplate.parse("/users/{user}/orders/{id:\\d+}");
        assertEquals(Map.of("user", "ann", "id", "42"), t.match("/users/ann/orders/42"));
        assertNull(t.match("/users/ann/orders/x42"));
        PathTemplate file = PathTemplate.parse("/files/{name}.{ext:[a-z]+}");
        assertEquals(Map.of("name", "report", "ext", "pdf"), file.match("/files/report.pdf"));
        assertNull(file.match("/files/report.PDF"));
    }

    @Test
    void wildcardsWithinASegment() {
        assertTrue(PathTemplate.parse("/feed/t?st").matches("/feed/test"));
        assertFalse(PathTemplate.parse("/feed/t?st").matches("/feed/toast"));
        assertTrue(PathTemplate.parse("/img/*.png").matches("/img/a.png"));
        assertTrue(PathTemplate.parse("/img/*.png").matches("/img/.png"));
        assertTrue(PathTemplate.parse("/img/*").matches("/img/a"));
        assertTrue(PathTemplate.parse("/img/*").matches("/img/"), "as in Spring, a lone '*' may match an empty last segment");
        assertFalse(PathTemplate.parse("/img/*/x").matches("/img//x"), "elsewhere it takes at least one character");
        assertFalse(PathTemplate.parse("/img/*").matches("/img/a/b"));
    }

    @Test
    void catchAllsTakeTheRestOfThePath() {
        PathTemplate rest = PathTemplate.parse("/files/{*path}");
        assertEquals(Map.of("path", "/a/b c"), rest.match("/files/a/b%20c"));
        assertEquals(Map.of("path", ""), rest.match("/files"));
        assertEquals(Map.of("path", "/"), rest.match("/files/"));
        assertNull(rest.match("/filesx"));
        PathTemplate any = PathTemplate.parse("/static/**");
        assertTrue(any.matches("/static"));
        assertTrue(any.matches("/static/a/b/c"));
        assertEquals(Map.of(), any.match("/static/x"));
        assertTrue(PathTemplate.parse("/**").matches("/"));
        assertTrue(PathTemplate.parse("/**").matches("/anything/at/all"));
    }

    @Test
    void badTemplatesAreRefusedSayingWhy() {
        assertMessage("/a/**/b", "may only come last");
        assertMessage("/a/{*rest}/b", "may only come last");
        assertMessage("/a/{x}/{x}", "appears twice");
        assertMessage("/a/{x", "not closed");
        assertMessage("/a/x}", "'}' without '{'");
        assertMessage("/a/{id:(\\d+)}", "capturing group");
        assertMessage("/a/{id:[}", "bad regex");
        assertMessage("/a/x**", "whole segment");
        assertMessage("rooms/{room}", "must start with '/'");
    }

    @Test
    void theMoreSpecificTemplateRanksFirst() {
        List<PathTemplate> ts = new ArrayList<>(List.of(
                PathTemplate.parse("/**"),
                PathTemplate.parse("/rooms/{*rest}"),
                PathTemplate.parse("/rooms/*"),
                PathTemplate.parse("/rooms/{room}"),
                PathTemplate.parse("/rooms/{room}/log"),
                PathTemplate.parse("/rooms/lobby")));
        ts.sort(PathTemplate.SPECIFICITY);
        assertEquals(List.of("/rooms/lobby", "/rooms/{room}/log", "/rooms/{room}", "/rooms/*", "/rooms/{*rest}", "/**"),
                ts.stream().map(PathTemplate::pattern).toList());
    }

    @Test
    void templatesAsSpecificThatMayMatchOnePathAreAmbiguous() {
        assertTrue(ambiguous("/rooms/{room}", "/rooms/{id}"));
        assertTrue(ambiguous("/{a}/x", "/x/{b}"));
        assertFalse(ambiguous("/rooms/{room}", "/users/{user}"), "the literal segments differ");
        assertFalse(ambiguous("/rooms/{room}", "/rooms/{room}/log"), "lengths differ");
        assertFalse(ambiguous("/rooms/{room}", "/rooms/*"), "a wildcard ranks after a variable");
        assertFalse(ambiguous("/a/{id:\\d+}", "/b/{id:\\d+}"));
        assertTrue(ambiguous("/a/{id:\\d+}", "/a/{name}"), "regexes are assumed to overlap");
        assertTrue(ambiguous("/a/**", "/a/**"));
    }

    private static boolean ambiguous(String a, String b) {
        return PathTemplate.parse(a).ambiguousWith(PathTemplate.parse(b));
    }

    private static void assertMessage(String pattern, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse(pattern));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
