package io.wsboot.server;

import io.wsboot.Handler;
import io.wsboot.ServerObserver.PathObserver;

/** A handler, the path it serves, its message counters and the observer of its events. */
record Route(String path, Handler handler, PathCounters counters, PathObserver observer) {
    /** How logs name the handler: its path and class. */
    String describe() {
        return path + " (" + handler.getClass().getName() + ")";
    }
}
