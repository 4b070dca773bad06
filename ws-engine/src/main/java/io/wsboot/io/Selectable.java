package io.wsboot.io;

import java.nio.channels.SelectionKey;

/** What an event loop's selection keys carry: something to tell that its channel is ready. */
interface Selectable {
    void onSelect(SelectionKey key);

    /** An unexpected exception escaped {@link #onSelect}: release everything. */
    void onFailure(Throwable t);
}
