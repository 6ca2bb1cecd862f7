package dev.garrison.platform.protocol;

import dev.garrison.platform.model.ServiceModel;

/** The codec of a model's protocol. */
public final class Codecs {
    private Codecs() {}

    public static ProtocolCodec of(ServiceModel model) {
        return switch (model.protocol()) {
            case JSON -> new JsonCodec(model);
            case REST_JSON -> new RestJsonCodec(model);
            case QUERY -> new QueryCodec(model);
        };
    }
}
