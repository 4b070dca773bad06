package io.wsboot.spring.autoconfigure;

/** A {@code @WsHandler} bean that cannot be served: wrong type, bad path, or a path taken twice. */
public class WsHandlerDefinitionException extends IllegalStateException {
    private final String action;

    public WsHandlerDefinitionException(String description, String action) {
        super(description);
        this.action = action;
    }

    /** What the user should change. */
    public String action() {
        return action;
    }
}
