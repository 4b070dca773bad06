package io.wsboot.spring.json;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;

/** What a close frame says about a message Jackson could not read: short, without the payload. */
public final class JsonFailures {
    private JsonFailures() {
    }

    /** "invalid JSON: ..." for bad syntax, "wrong shape: ..." for JSON that is not the expected type. */
    public static String reason(JacksonException e) {
        String what = e.getOriginalMessage();
        if (what == null) {
            what = e.getClass().getSimpleName();
        }
        int cut = what.indexOf('\n');
        if (cut >= 0) {
            what = what.substring(0, cut);
        }
        boolean syntax = e instanceof StreamReadException || e instanceof StreamConstraintsException; // too deep, too long: the parser's limits
        return (syntax ? "invalid JSON: " : "wrong shape: ") + what;
    }
}
