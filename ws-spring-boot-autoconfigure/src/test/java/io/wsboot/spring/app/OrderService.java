package io.wsboot.spring.app;

import io.wsboot.Topics;
import org.springframework.stereotype.Service;

/** An ordinary service (a REST controller would do the same) telling an order's followers it changed. */
@Service
public class OrderService {
    private final Topics topics;

    public OrderService(Topics topics) {
        this.topics = topics;
    }

    public int updated(long order, String status) {
        return topics.publish("orders:" + order, "order " + order + " " + status);
    }
}
