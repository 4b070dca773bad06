package io.wsboot.io;

import io.wsboot.Handler;
import io.wsboot.ServerObserver.PathObserver;

/** A handler, the path it serves, and the observer of that path's traffic. */
record Route(String path, Handler handler, PathObserver observer) {
    /** How logs name the handler: its path and class. */
    String describe() {
        return path + " (" + handler.getClass().getName() + ")";
    }
}
