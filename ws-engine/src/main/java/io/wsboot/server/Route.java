package io.wsboot.server;

import io.wsboot.Handler;
import io.wsboot.PathTemplate;
import io.wsboot.ServerObserver.PathObserver;

/**
 * A handler, the path it serves (a literal path or a template: metrics name it by this, never by
 * the request's path), its message counters and the observer of its events.
 */
record Route(PathTemplate template, Handler handler, PathCounters counters, PathObserver observer) {
    String path() {
        return template.pattern();
    }

    /** How logs name the handler: its path and class. */
    String describe() {
        return path() + " (" + handler.getClass().getName() + ")";
    }
}
