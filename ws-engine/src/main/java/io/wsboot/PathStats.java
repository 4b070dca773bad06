package io.wsboot;

import io.wsboot.frame.OpCode;

/**
 * Message counters of one handler path, kept by the engine and read when wanted (e.g. by a
 * metrics scrape). Counting costs the event loops a few plain increments in memory of their own
 * (no atomics, no allocation); reads sum the loops' counters and may lag the latest messages
 * slightly. Control frames (ping, pong, close) are counted under their own type.
 */
public interface PathStats {

    /** Messages (or control frames) of {@code type} received. */
    long messagesReceived(OpCode type);

    /** Payload bytes of {@code type} received. */
    long bytesReceived(OpCode type);

    /** Messages (or control frames) of {@code type} sent. */
    long messagesSent(OpCode type);

    /** Payload bytes of {@code type} sent. */
    long bytesSent(OpCode type);

    /** The largest text or binary message received, in bytes. */
    long largestMessageReceived();
}
