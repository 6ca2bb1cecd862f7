package dev.garrison.platform.core;

import java.util.Map;

/** A generated record of a model structure: convertible to the protocol-neutral tree and validatable. */
public interface AwsShape {
    /** This value as a tree keyed by model member names; nulls are left out. */
    Map<String, Object> toTree();

    /** Reports every violated model constraint of this value and its members, prefixing paths with {@code path}. */
    void validate(ShapeValidation v, String path);
}
