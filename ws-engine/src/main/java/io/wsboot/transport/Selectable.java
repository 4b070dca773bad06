package io.wsboot.transport;

import java.nio.channels.SelectionKey;

/** What an event loop's selection keys carry: something to tell that its channel is ready. */
public interface Selectable {
    public void onSelect(SelectionKey key);

    /** An unexpected exception escaped {@link #onSelect} or a timer: release everything. */
    public void onFailure(Throwable t);

    /** Writes what was queued for this channel during the loop's turn (see {@link EventLoop#flushLater}). */
    public default void flushNow() {
    }

    /** The loop is ending with this channel still on it: end at once (the loop closes the channel afterwards). */
    public default void onLoopEnded() {
    }
}
