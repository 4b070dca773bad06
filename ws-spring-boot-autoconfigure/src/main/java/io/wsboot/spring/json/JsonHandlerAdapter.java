package io.wsboot.spring.json;

import io.wsboot.Conn;
import io.wsboot.Handler;
import io.wsboot.Handshake;
import io.wsboot.Message;
import io.wsboot.frame.OpCode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.MismatchedInputException;

import java.nio.ByteBuffer;

/**
 * Serves a {@link JsonHandler} as a {@link Handler}: each text message is decoded into the
 * handler's type by one reader made at start-up. A message in a direct buffer (the event loop's
 * read buffer) is copied into a buffer of the thread's, kept between messages, so decoding
 * allocates what Jackson makes (the object) and no copy of the message.
 */
final class JsonHandlerAdapter implements Handler {
    /** Scratch for messages that are not on the heap; grown to the largest seen, per thread. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);

    private final JsonHandler<Object> handler;
    private final ObjectReader reader;
    private final JavaType type;

    @SuppressWarnings("unchecked")
    JsonHandlerAdapter(JsonHandler<?> handler, ObjectMapper mapper, JavaType type) {
        this.handler = (JsonHandler<Object>) handler;
        this.reader = mapper.readerFor(type);
        this.type = type;
    }

    @Override
    public void init(Handshake handshake, Conn conn) throws Exception {
        handler.init(handshake, conn);
    }

    @Override
    public void afterInit(Conn conn) throws Exception {
        handler.afterInit(conn);
    }

    @Override
    public void handle(Conn conn, Message message) throws Exception {
        if (message.type() == OpCode.BINARY) {
            handler.binary(conn, message);
            return;
        }
        if (message.type() != OpCode.TEXT) {
            return; // ping, pong, close with handle-* on: nothing a JSON handler reads
        }
        Object value;
        try {
            value = decode(message.data());
            if (value == null) {
                throw MismatchedInputException.from(null, type, "null is not a " + type.getRawClass().getSimpleName());
            }
        } catch (JacksonException e) {
            handler.invalid(conn, message, e);
            return;
        }
        handler.handle(conn, value);
    }

    private Object decode(ByteBuffer d) {
        if (d.hasArray()) {
            return reader.readValue(d.array(), d.arrayOffset() + d.position(), d.remaining());
        }
        int n = d.remaining();
        byte[] buf = SCRATCH.get();
        if (buf.length < n) {
            buf = new byte[Math.max(n, buf.length * 2)];
            SCRATCH.set(buf);
        }
        d.get(d.position(), buf, 0, n);
        return reader.readValue(buf, 0, n);
    }

    @Override
    public void drained(Conn conn) throws Exception {
        handler.drained(conn);
    }

    @Override
    public void close(Conn conn) {
        handler.close(conn);
    }

    @Override
    public String toString() {
        return "json(" + type.getRawClass().getSimpleName() + ", " + handler + ")";
    }
}
