package io.wsboot.client;

import io.wsboot.Message;
import io.wsboot.frame.OpCode;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A client handler that keeps copies of what arrives and counts close calls. */
class Inbox implements ClientHandler {
    final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    final CountDownLatch closed = new CountDownLatch(1);
    final AtomicInteger closeCalls = new AtomicInteger();

    @Override
    public void handle(Message message) {
        messages.add(message.copy());
    }

    @Override
    public void close() {
        closeCalls.incrementAndGet();
        closed.countDown();
    }

    Message next() throws InterruptedException {
        Message m = messages.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("nothing received within 10 s");
        }
        return m;
    }

    String nextText() throws InterruptedException {
        Message m = next();
        if (m.type() != OpCode.TEXT) {
            throw new AssertionError("expected text but got " + m.type());
        }
        return m.text();
    }

    void awaitClosed() throws InterruptedException {
        if (!closed.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("read loop did not end within 10 s");
        }
    }
}
