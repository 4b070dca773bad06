package io.wsboot.spring.json;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Message;
import io.wsboot.PreFramed;
import io.wsboot.SendStatus;
import io.wsboot.Topics;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.ResolvableType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

import java.nio.ByteBuffer;

/**
 * JSON on WebSockets with the application's Jackson mapper: send an object to a connection,
 * publish it to a topic, frame it once for many connections. An object is encoded once and framed
 * once, whatever the number of recipients: {@link #publish} hands the one frame to every
 * subscriber (on every instance with {@code ws.broker=redis}). Any thread.
 */
public final class WsJson {
    private final ObjectMapper mapper;
    private final Topics topics;

    public WsJson(ObjectMapper mapper, Topics topics) {
        this.mapper = mapper;
        this.topics = topics;
    }

    /**
     * {@code handler} served as a {@link Handler}: its text messages decoded into the type it
     * names ({@code JsonHandler<Say>}). The starter does this for {@code @WsHandler} beans; a unit
     * test does it to drive one with {@code WsTesting}.
     *
     * @throws IllegalArgumentException when the handler's class does not name its message type
     */
    public Handler handler(JsonHandler<?> handler) {
        ResolvableType t = ResolvableType.forClass(AopUtils.getTargetClass(handler)).as(JsonHandler.class).getGeneric(0);
        if (t.resolve() == null || t.resolve() == Object.class) {
            throw new IllegalArgumentException(handler.getClass().getName() + " is a JsonHandler without a message type");
        }
        return new JsonHandlerAdapter(handler, mapper, mapper.getTypeFactory().constructType(t.getType()));
    }

    /** The mapper used (the application's). */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** {@code value} encoded as JSON and framed as a text message, once, for as many connections as you like. */
    public PreFramed frame(Object value) {
        return PreFramed.text(encode(value));
    }

    /** Sends {@code value} as a JSON text message, telling whether the connection's queue is past its high mark. */
    public SendStatus send(Conn conn, Object value) {
        return conn.send(frame(value));
    }

    /** Publishes {@code value}, encoded and framed once, to the topic's subscribers; how many there are here. */
    public int publish(String topic, Object value) {
        return topics.publish(topic, frame(value));
    }

    /** As {@link #publish(String, Object)}, but for {@code except} (the sender, say). */
    public int publish(String topic, Object value, Conn except) {
        return topics.publish(topic, frame(value), except);
    }

    /** The UTF-8 bytes of {@code value} as JSON. */
    public byte[] encode(Object value) {
        return mapper.writeValueAsBytes(value);
    }

    /**
     * A text message decoded into a {@code type}.
     *
     * @throws JacksonException when it is not JSON, or not a {@code type}
     */
    public <T> T read(Message message, Class<T> type) {
        ByteBuffer d = message.data();
        if (d.hasArray()) {
            return mapper.readValue(d.array(), d.arrayOffset() + d.position(), d.remaining(), type);
        }
        return mapper.readValue(message.bytes(), type);
    }
}
