package dev.garrison.platform.protocol;

import dev.garrison.platform.model.ServiceModel;
import java.util.Map;

/**
 * A shape tree stored as the JSON protocols encode it, so a service can keep a request's
 * structure (blobs, longs and timestamps included) and read it back as the same tree.
 */
public final class StoredShapes {
    private StoredShapes() {}

    /** {@code tree}, a structure of shape {@code shape}, as JSON. */
    public static byte[] write(ServiceModel model, String shape, Map<String, Object> tree) {
        return JsonShapes.writeStructure(model, model.shape(shape), tree, m -> true, Map.of());
    }

    /** The tree of shape {@code shape} that {@link #write} wrote. */
    public static Map<String, Object> read(ServiceModel model, String shape, byte[] json) {
        return JsonShapes.readStructure(model, model.shape(shape), JsonShapes.parse(json), "", m -> true);
    }
}
