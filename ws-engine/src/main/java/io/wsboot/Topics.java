package io.wsboot;

/**
 * Named topics of one server: its connections join them ({@link Conn#subscribe}), and any thread
 * publishes to them. A message is framed once ({@link PreFramed}, compressed at most once) and
 * the same bytes are queued for every subscriber, on each subscriber's own event loop: a publish
 * costs one task per loop that has subscribers, not a lock shared by all loops. A subscriber that
 * lets too much pile up is closed as a slow consumer (1008), as for any write; the publisher is
 * never slowed. Subscriptions end with their connection. Thread-safe.
 *
 * <pre>{@code
 * conn.subscribe("room:lobby");                                 // in a handler
 * server.topics().publish("room:lobby", "ann: hi");             // from any thread
 * server.topics().publish("room:lobby", PreFramed.text("ann: hi"), sender);   // all but the sender
 * }</pre>
 *
 * Messages from one publisher to one topic arrive in the order published. With a
 * {@link TopicRelay} a publish reaches the subscribers on the other instances too.
 */
public interface Topics {
    /**
     * Queues {@code message} for every subscriber of {@code topic} but {@code except} (null: none),
     * and returns how many subscribers the topic has now (0: none, nothing queued).
     */
    int publish(String topic, PreFramed message, Conn except);

    default int publish(String topic, PreFramed message) {
        return publish(topic, message, null);
    }

    /** Publishes a text message. */
    default int publish(String topic, CharSequence text) {
        return publish(topic, PreFramed.text(text.toString()), null);
    }

    /**
     * Queues {@code message} for this server's subscribers of {@code topic} only, not through its
     * {@link TopicRelay}: a message another instance published, which that instance's relay
     * brought here. Returns the local subscriber count.
     */
    int publishLocally(String topic, PreFramed message);

    /** How many connections are subscribed to {@code topic} (across all event loops). */
    int subscribers(String topic);

    /** How many topics have at least one subscriber. */
    int topicCount();

    /**
     * The {@code limit} topics with the most subscribers on this instance, most first, with their
     * counts (for an operator's view; it goes over every topic). Empty where not kept.
     */
    default java.util.Map<String, Integer> largest(int limit) {
        return java.util.Map.of();
    }

    /** Subscriptions in all: the sum of every topic's subscribers. */
    long subscriptionCount();

    /** Publishes so far, whether or not the topic had subscribers. */
    long publishCount();

    /** Messages queued for subscribers so far (one publish to n subscribers counts n). */
    long deliveryCount();

    /**
     * Deliveries refused so far: the subscriber was closing, or the message would have passed its
     * max-queued-bytes (it is then closed as a slow consumer).
     */
    long dropCount();

    /**
     * The open connections the application gave {@code key} ({@link Conn#key(String)}: a user id,
     * say), in no particular order; a snapshot, empty when none.
     */
    java.util.List<Conn> connections(String key);
}
