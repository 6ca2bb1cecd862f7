package dev.garrison.iam;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A customer managed policy with its versions (at most five; one is the default). */
record ManagedPolicy(String name, String policyId, String arn, String path, @Nullable String description, Instant created,
        Instant updated, String defaultVersionId, List<Version> versions, int nextVersion) {
    static final int MAX_VERSIONS = 5;

    /** One version of the document. */
    record Version(String versionId, String document, Instant created) {}

    ManagedPolicy {
        versions = List.copyOf(versions);
    }

    Version defaultVersion() {
        return versions.stream().filter(v -> v.versionId().equals(defaultVersionId)).findFirst().orElseThrow();
    }
}
