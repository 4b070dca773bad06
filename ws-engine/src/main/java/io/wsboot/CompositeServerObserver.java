package io.wsboot;

import java.util.List;

/** Fans every event out to several observers. */
final class CompositeServerObserver implements ServerObserver {
    private final List<ServerObserver> observers;

    CompositeServerObserver(List<ServerObserver> observers) {
        this.observers = observers;
    }

    @Override
    public PathObserver path(String path, PathStats stats) {
        PathObserver[] each = observers.stream().map(o -> o.path(path, stats)).toArray(PathObserver[]::new);
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
            public void handlerError(Throwable error) {
                for (PathObserver o : each) {
                    o.handlerError(error);
                }
            }

            @Override
            public void limitReached(Limit limit) {
                for (PathObserver o : each) {
                    o.limitReached(limit);
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
