package dev.garrison.platform.model;

/** The wire protocols of the models Garrison serves. */
public enum Protocol {
    JSON,
    REST_JSON,
    QUERY;

    static Protocol of(String modelName) {
        return switch (modelName) {
            case "json" -> JSON;
            case "rest-json" -> REST_JSON;
            case "query" -> QUERY;
            default -> throw new IllegalStateException("unsupported protocol " + modelName);
        };
    }
}
