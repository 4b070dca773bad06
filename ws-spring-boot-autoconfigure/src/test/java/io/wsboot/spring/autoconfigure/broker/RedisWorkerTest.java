package io.wsboot.spring.autoconfigure.broker;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What waits for Redis is bounded by count and by bytes: past either, a publish fails at once. */
class RedisWorkerTest {
    private final AtomicInteger failed = new AtomicInteger();

    private RedisWorker.Op op(int bytes) {
        return new RedisWorker.Op() {
            @Override
            public void run(RedisConnection c) {
            }

            @Override
            public void failed() {
                failed.incrementAndGet();
            }

            @Override
            public int bytes() {
                return bytes;
            }
        };
    }

    @Test
    void largeMessagesWaitingForASlowRedisAreBoundedByBytes() {
        RedisWorker w = new RedisWorker(null, 100, 1000, Duration.ofSeconds(1)); // not started: nothing leaves the queue
        assertThat(w.submit(op(600))).isTrue();
        assertThat(w.submit(op(600))).as("over max-pending-bytes").isFalse();
        assertThat(failed.get()).isEqualTo(1);
        assertThat(w.submit(op(300))).isTrue();
        assertThat(w.queuedBytes()).isEqualTo(900);
        assertThat(w.queued()).isEqualTo(2);
    }

    @Test
    void opsWaitingForASlowRedisAreBoundedByCount() {
        RedisWorker w = new RedisWorker(null, 2, 1 << 20, Duration.ofSeconds(1));
        assertThat(w.submit(op(1)) && w.submit(op(1))).isTrue();
        assertThat(w.submit(op(1))).as("over max-pending").isFalse();
        assertThat(w.queuedBytes()).as("the refused one holds nothing").isEqualTo(2);
        assertThat(failed.get()).isEqualTo(1);
    }
}
