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

            @Override
            public ConnectionObserver connection(Handshake handshake) {
                ConnectionObserver[] watching = java.util.Arrays.stream(each).map(o -> o.connection(handshake))
                        .filter(c -> c != ConnectionObserver.NOOP).toArray(ConnectionObserver[]::new);
                return switch (watching.length) {
                    case 0 -> ConnectionObserver.NOOP;
                    case 1 -> watching[0];
                    default -> new CompositeConnectionObserver(watching);
                };
            }
        };
    }

    /** Several connection observers as one; what a call opened is undone in reverse order. */
    private record CompositeConnectionObserver(ConnectionObserver[] each) implements ConnectionObserver {
        @Override
        public void opened(Conn conn) {
            for (ConnectionObserver o : each) {
                o.opened(conn);
            }
        }

        @Override
        public void rejected(RejectReason reason, int status) {
            for (ConnectionObserver o : each) {
                o.rejected(reason, status);
            }
        }

        @Override
        public void closed(int code) {
            for (ConnectionObserver o : each) {
                o.closed(code);
            }
        }

        @Override
        public void calling(HandlerCall call, Message message) {
            for (ConnectionObserver o : each) {
                o.calling(call, message);
            }
        }

        @Override
        public void returned(Throwable error) {
            for (int i = each.length - 1; i >= 0; i--) {
                each[i].returned(error);
            }
        }
    }

    @Override
    public void handshakeRejected(String path, RejectReason reason, int status) {
        for (ServerObserver o : observers) {
            o.handshakeRejected(path, reason, status);
        }
    }
}
