package io.wsboot.transport;

/**
 * Connections waiting for one kind of timeout (handshake, close reply, linger). Every entry gets
 * the same duration, so insertion order is deadline order: a FIFO of intrusive links where adding,
 * removing and finding the next expiry are O(1), with no allocation and no timer objects.
 * Loop-confined.
 */
public final class DeadlineQueue {
    /** The links a member carries; a node is in at most one queue at a time. */
    public abstract static class Node {
        Node prev;
        Node next;
        DeadlineQueue queue;
        long deadline;

        /** When the node's current (or last) timeout ends: the time it was added plus the queue's duration. */
        public final long deadline() {
            return deadline;
        }
    }

    private final long durationNanos;
    public final java.util.function.Consumer<Node> onExpire;
    private Node head;
    private Node tail;
    private int size;

    public DeadlineQueue(long durationNanos, java.util.function.Consumer<Node> onExpire) {
        this.durationNanos = durationNanos;
        this.onExpire = onExpire;
    }

    /** Adds {@code n} (leaving any queue it was in) with deadline {@code now + duration}. */
    public void add(Node n, long now) {
        if (n.queue != null) {
            n.queue.remove(n);
        }
        n.deadline = now + durationNanos;
        n.queue = this;
        n.prev = tail;
        n.next = null;
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
        size++;
    }

    public static void leave(Node n) {
        if (n.queue != null) {
            n.queue.remove(n);
        }
    }

    private void remove(Node n) {
        if (n.prev == null) {
            head = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            tail = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.prev = n.next = null;
        n.queue = null;
        size--;
    }

    /** Removes and returns the first node whose deadline is at or before {@code now}, or null. */
    public Node pollExpired(long now) {
        Node h = head;
        if (h == null || h.deadline - now > 0) {
            return null;
        }
        remove(h);
        return h;
    }

    /** Nanoseconds until the next deadline (at least 0), or -1 when empty. */
    public long nanosToNext(long now) {
        return head == null ? -1 : Math.max(0, head.deadline - now);
    }

    public int size() {
        return size;
    }
}
