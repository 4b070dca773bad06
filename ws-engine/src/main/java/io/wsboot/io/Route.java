package io.wsboot.io;

import io.wsboot.Handler;

/** A handler and the path it serves. */
record Route(String path, Handler handler) {
    /** How logs name the handler: its path and class. */
    String describe() {
        return path + " (" + handler.getClass().getName() + ")";
    }
}
