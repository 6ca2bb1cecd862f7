package dev.garrison.kms;

import dev.garrison.api.kms.KMSInvalidStateException;
import dev.garrison.api.kms.ListResourceTagsRequest;
import dev.garrison.api.kms.ListResourceTagsResponse;
import dev.garrison.api.kms.Tag;
import dev.garrison.api.kms.TagException;
import dev.garrison.api.kms.TagResourceRequest;
import dev.garrison.api.kms.UntagResourceRequest;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.NamePages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TagResource, UntagResource, ListResourceTags, with KMS's tag rules. */
final class TagOperations {
    /** KMS's quota of tags per key. */
    private static final int MAX_TAGS = 50;

    private final KeyStore keys;
    private final KeyAccess access;

    TagOperations(KeyStore keys, KeyAccess access) {
        this.keys = keys;
        this.access = access;
    }

    void tag(CallContext call, TagResourceRequest request) {
        KmsKey key = access.findKey(call, request.keyId());
        access.authorize(call, "TagResource", new KeyAccess.Found(key, null), requestTags(request.tags()));
        requireNotPendingDeletion(key);
        keys.update(key.withTags(checked(key.tags(), request.tags())));
    }

    void untag(CallContext call, UntagResourceRequest request) {
        KmsKey key = access.findKey(call, request.keyId());
        access.authorize(call, "UntagResource", new KeyAccess.Found(key, null),
                Map.of("aws:TagKeys", request.tagKeys()));
        requireNotPendingDeletion(key);
        Map<String, String> tags = new LinkedHashMap<>(key.tags());
        request.tagKeys().forEach(tags::remove);
        keys.update(key.withTags(tags));
    }

    ListResourceTagsResponse list(CallContext call, ListResourceTagsRequest request) {
        KmsKey key = access.findKey(call, request.keyId());
        access.authorize(call, "ListResourceTags", new KeyAccess.Found(key, null), Map.of());
        List<Tag> tags = key.tags().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Tag.builder().tagKey(e.getKey()).tagValue(e.getValue()).build()).toList();
        NamePages.Page<Tag> page = NamePages.page(tags, Tag::tagKey, request.marker(), request.limit(), 50,
                KmsService::invalidMarker);
        return ListResourceTagsResponse.builder().tags(page.items()).nextMarker(page.next())
                .truncated(page.next() != null).build();
    }

    /** {@code existing} with {@code added} over it, refused with TagException when KMS would refuse it. */
    static Map<String, String> checked(Map<String, String> existing, List<Tag> added) {
        Map<String, String> tags = new LinkedHashMap<>(existing);
        List<String> seen = new ArrayList<>();
        for (Tag tag : added) {
            if (tag.tagKey().startsWith("aws:")) {
                throw new TagException("Tags beginning with aws: are reserved.");
            }
            if (seen.contains(tag.tagKey())) {
                throw new TagException("Duplicate tag keys");
            }
            seen.add(tag.tagKey());
            tags.put(tag.tagKey(), tag.tagValue());
        }
        if (tags.size() > MAX_TAGS) {
            throw new TagException("Too many tags");
        }
        return tags;
    }

    /** The condition keys of tags a request sets. */
    static Map<String, List<String>> requestTags(List<Tag> tags) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        tags.forEach(t -> keys.put("aws:RequestTag/" + t.tagKey(), List.of(t.tagValue())));
        keys.put("aws:TagKeys", tags.stream().map(Tag::tagKey).toList());
        return keys;
    }

    private static void requireNotPendingDeletion(KmsKey key) {
        if (key.pendingDeletion()) {
            throw new KMSInvalidStateException(key.arn() + " is pending deletion.");
        }
    }
}
