package io.wsboot;

import io.wsboot.frame.OpCode;

import java.util.List;

/** Fans every event out to several observers. */
final class CompositeServerObserver implements ServerObserver {
    private final List<ServerObserver> observers;

    CompositeServerObserver(List<ServerObserver> observers) {
        this.observers = observers;
    }

    @Override
    public PathObserver path(String path) {
        PathObserver[] each = observers.stream().map(o -> o.path(path)).toArray(PathObserver[]::new);
        return new PathObserver() {
            @Override
            public void opened(long handshakeNanos) {
                for (PathObserver o : each) {
                    o.opened(handshakeNanos);
                }
            }

            @Override
            public void closed(int code) {
                for (PathObserver o : each) {
                    o.closed(code);
                }
            }

            @Override
            public void received(OpCode type, int bytes) {
                for (PathObserver o : each) {
                    o.received(type, bytes);
                }
            }

            @Override
            public void sent(OpCode type, int bytes) {
                for (PathObserver o : each) {
                    o.sent(type, bytes);
                }
            }

            @Override
            public void handlerError(Throwable error) {
                for (PathObserver o : each) {
                    o.handlerError(error);
                }
            }
        };
    }

    @Override
    public void handshakeRejected(String path, RejectReason reason, int status) {
        for (ServerObserver o : observers) {
            o.handshakeRejected(path, reason, status);
        }
    }
}
