package io.wsboot.server;

import io.wsboot.PathStats;
import io.wsboot.frame.OpCode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link PathStats} of one route: each event loop counts into a slot of its own with plain
 * increments (it is the only writer), other threads that send count into adders. Reads sum it
 * all with opaque loads.
 */
final class PathCounters implements PathStats {
    private static final int TYPES = OpCode.MESSAGE_TYPES;
    // slot layout: [received x5][received bytes x5][sent x5][sent bytes x5][largest]
    private static final int RECEIVED = 0;
    private static final int RECEIVED_BYTES = TYPES;
    private static final int SENT = 2 * TYPES;
    private static final int SENT_BYTES = 3 * TYPES;
    private static final int LARGEST = 4 * TYPES;
    private static final int SLOT = 4 * TYPES + 1;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[][] slots;
    private final LongAdder[] foreign = new LongAdder[2 * TYPES];

    PathCounters(int loops) {
        slots = new long[loops][SLOT];
        for (int i = 0; i < foreign.length; i++) {
            foreign[i] = new LongAdder();
        }
    }

    /** On loop {@code loop}'s thread. */
    void received(int loop, OpCode type, int bytes) {
        long[] s = slots[loop];
        int i = type.slot();
        s[RECEIVED + i]++;
        s[RECEIVED_BYTES + i] += bytes;
        if (i < 2 && bytes > s[LARGEST]) {
            s[LARGEST] = bytes;
        }
    }

    /** On loop {@code loop}'s thread. */
    void sentOnLoop(int loop, OpCode type, int bytes) {
        long[] s = slots[loop];
        int i = type.slot();
        s[SENT + i]++;
        s[SENT_BYTES + i] += bytes;
    }

    /** On any other thread. */
    void sentElsewhere(OpCode type, int bytes) {
        int i = type.slot();
        foreign[i].increment();
        foreign[TYPES + i].add(bytes);
    }

    private long sum(int at) {
        long n = 0;
        for (long[] s : slots) {
            n += (long) LONGS.getOpaque(s, at);
        }
        return n;
    }

    @Override
    public long messagesReceived(OpCode type) {
        return sum(RECEIVED + type.slot());
    }

    @Override
    public long bytesReceived(OpCode type) {
        return sum(RECEIVED_BYTES + type.slot());
    }

    @Override
    public long messagesSent(OpCode type) {
        int i = type.slot();
        return sum(SENT + i) + foreign[i].sum();
    }

    @Override
    public long bytesSent(OpCode type) {
        int i = type.slot();
        return sum(SENT_BYTES + i) + foreign[TYPES + i].sum();
    }

    @Override
    public long largestMessageReceived() {
        long max = 0;
        for (long[] s : slots) {
            max = Math.max(max, (long) LONGS.getOpaque(s, LARGEST));
        }
        return max;
    }
}
