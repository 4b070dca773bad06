package io.wsboot.support;

import io.wsboot.PathStats;
import io.wsboot.ServerObserver;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A server observer that records the limits that ended connections ("WRITE_TIMEOUT") and the refused handshakes ("ORIGIN_NOT_ALLOWED 403"). */
public final class Trips implements ServerObserver {
    public final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public PathObserver path(String path, PathStats stats) {
        return new PathObserver() {
            @Override
            public void limitReached(Limit limit) {
                seen.add(limit.name());
            }
        };
    }

    @Override
    public void handshakeRejected(String path, RejectReason reason, int status) {
        seen.add(reason.name() + " " + status);
    }

    public boolean contains(String trip) {
        return seen.contains(trip);
    }

    @Override
    public String toString() {
        return seen.toString();
    }
}
