package io.wsboot;

/**
 * Carries a server's {@link Topics} to the other instances of an application (the Spring
 * module's Redis relay). The server tells it of every publish made here, after queueing the
 * message for its own subscribers, and of every topic whose local subscribers went from none to
 * some or back; what other instances publish, the relay hands to
 * {@link Topics#publishLocally}, which does not come back here. Calls come from any thread, the
 * event loops included: never block in them (queue the work).
 */
public interface TopicRelay {
    /** A server without one: its topics reach its own connections only. */
    TopicRelay NONE = new TopicRelay() {
        @Override
        public void interestChanged(String topic) {
        }

        @Override
        public void published(String topic, PreFramed message) {
        }
    };

    /** The server started: messages from elsewhere go to {@code local}. */
    default void started(Topics local) {
    }

    /** The server stopped: {@code local} takes no more messages. */
    default void stopped(Topics local) {
    }

    /**
     * {@code topic} got its first subscriber on this server, or lost its last: which one, ask
     * {@link Topics#subscribers} (a join and a leave may race; the count is what holds).
     */
    void interestChanged(String topic);

    /** {@code message} was published to {@code topic} on this server: carry it to the others. */
    void published(String topic, PreFramed message);
}
