package io.wsboot.spring.autoconfigure;

import io.wsboot.ServerConfig;
import io.wsboot.server.WsServer;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/** Applies the {@code ws.*} properties to an engine builder. */
final class WsServerBuilders {
    private WsServerBuilders() {
    }

    static WsServer.Builder fromProperties(WsProperties p, Environment environment) {
        WsServer.Builder b = WsServer.builder();
        PropertyMapper map = PropertyMapper.get();
        map.from(p::getPort).to(b::port);
        map.from(p::getAddress).whenHasText().to(b::address);
        map.from(p::getMaxSize).as(v -> bytes(v, "max-size")).to(b::maxSize);
        map.from(p::getBufferSize).as(v -> bytes(v, "buffer-size")).to(b::bufferSize);
        map.from(p::getHandshakePoolCount).to(b::handshakePoolCount);
        map.from(p::getHandshakeMaxSize).as(v -> bytes(v, "handshake-max-size")).to(b::handshakeMaxSize);
        map.from(p::getMaxHeaders).to(b::maxHeaders);
        map.from(p::getHandshakeTimeout).to(b::handshakeTimeout);
        map.from(p::isHandlePing).to(b::handlePing);
        map.from(p::isHandlePong).to(b::handlePong);
        map.from(p::isHandleClose).to(b::handleClose);
        map.from(p::isValidateUtf8).to(b::validateUtf8);
        map.from(p::getEventLoops).to(b::eventLoops);
        map.from(p::getBacklog).to(b::backlog);
        map.from(p::getCloseTimeout).to(b::closeTimeout);
        map.from(p::getLoopBlockWarning).to(b::loopBlockWarning);
        if (handlerExecutor(p, environment) == WsProperties.HandlerExecutor.VIRTUAL) {
            b.offloadHandlers();
        }
        b.compression(p.getCompression().toConfig("compression"));
        map.from(p::getMaxConnections).to(b::maxConnections);
        map.from(p::getMaxHandshakes).to(b::maxHandshakes);
        map.from(p::getIdleTimeout).to(b::idleTimeout);
        map.from(p::getPingInterval).to(b::pingInterval);
        map.from(p::getPongTimeout).to(b::pongTimeout);
        map.from(p::getMaxQueuedBytes).as(DataSize::toBytes).to(b::maxQueuedBytes);
        map.from(p::getAllowedOrigins).as(l -> l.toArray(String[]::new)).to(b::allowedOrigins);
        map.from(p::getAllowedHosts).as(l -> l.toArray(String[]::new)).to(b::allowedHosts);
        map.from(p::getMaxHandshakesPerAddress).to(b::maxHandshakesPerAddress);
        map.from(p::getMaxConnectionsPerAddress).to(b::maxConnectionsPerAddress);
        map.from(p::getWriteTimeout).to(b::writeTimeout);
        map.from(p::getMaxBufferedBytes).as(DataSize::toBytes).to(b::maxBufferedBytes);
        map.from(p::getWriteBufferHighMark).as(DataSize::toBytes).to(b::writeBufferHighMark);
        map.from(p::getWriteBufferLowMark).as(DataSize::toBytes).to(b::writeBufferLowMark);
        map.from(p::getMaxSubscriptions).to(b::maxSubscriptions);
        return b;
    }

    /**
     * ws.handler-executor when set; else virtual threads when the application runs on them
     * (spring.threads.virtual.enabled on Java 21+, Boot's {@link Threading#VIRTUAL}), else the loops.
     */
    static WsProperties.HandlerExecutor handlerExecutor(WsProperties p, Environment environment) {
        if (p.getHandlerExecutor() != null) {
            return p.getHandlerExecutor();
        }
        return Threading.VIRTUAL.isActive(environment) ? WsProperties.HandlerExecutor.VIRTUAL : WsProperties.HandlerExecutor.LOOP;
    }

    /** A data size as an int of bytes; too large for the engine is a configuration error naming the property. */
    private static int bytes(DataSize size, String property) {
        long b = size.toBytes();
        if (b < 0 || b > ServerConfig.MAX_MESSAGE_SIZE) {
            throw new ServerConfig.InvalidConfigException(property, size, "must be between 0 and " + ServerConfig.MAX_MESSAGE_SIZE + " bytes");
        }
        return (int) b;
    }
}
