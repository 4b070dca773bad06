package io.wsboot.deflate;

import java.util.ArrayDeque;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Deflaters and inflaters lent per message to connections that keep no compression context, so
 * an idle connection pins no zlib memory (a deflater holds ~256 KiB of native memory, an
 * inflater ~40 KiB). Keeps at most {@code retain} of each; the rest are ended. Thread-safe.
 */
public final class ZlibPool {
    private final int level;
    private final int retain;
    private final ArrayDeque<Deflater> deflaters = new ArrayDeque<>();
    private final ArrayDeque<Inflater> inflaters = new ArrayDeque<>();
    private int deflatersOut;
    private int inflatersOut;
    private boolean closed;

    public ZlibPool(int level, int retain) {
        this.level = level;
        this.retain = retain;
    }

    public synchronized Deflater deflater() {
        deflatersOut++;
        Deflater d = deflaters.pollLast();
        return d != null ? d : new Deflater(level, true);
    }

    public synchronized void release(Deflater d) {
        deflatersOut--;
        if (closed || deflaters.size() >= retain) {
            d.end();
        } else {
            d.reset();
            deflaters.addLast(d);
        }
    }

    public synchronized Inflater inflater() {
        inflatersOut++;
        Inflater i = inflaters.pollLast();
        return i != null ? i : new Inflater(true);
    }

    public synchronized void release(Inflater i) {
        inflatersOut--;
        if (closed || inflaters.size() >= retain) {
            i.end();
        } else {
            i.reset();
            inflaters.addLast(i);
        }
    }

    /** Deflaters and inflaters lent out right now. */
    public synchronized int borrowed() {
        return deflatersOut + inflatersOut;
    }

    /** Ends every pooled deflater and inflater; later releases end theirs at once. */
    public synchronized void close() {
        closed = true;
        deflaters.forEach(Deflater::end);
        inflaters.forEach(Inflater::end);
        deflaters.clear();
        inflaters.clear();
    }
}
