package dev.garrison.waf;

import dev.garrison.api.wafv2.ListTagsForResourceRequest;
import dev.garrison.api.wafv2.ListTagsForResourceResponse;
import dev.garrison.api.wafv2.Tag;
import dev.garrison.api.wafv2.TagInfoForResource;
import dev.garrison.api.wafv2.TagResourceRequest;
import dev.garrison.api.wafv2.UntagResourceRequest;
import dev.garrison.api.wafv2.WAFTagOperationException;
import dev.garrison.platform.core.NamePages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** TagResource, UntagResource, ListTagsForResource on web ACLs, rule groups, IP sets and regex pattern sets. */
final class WafTags {
    /** AWS WAF's quota of tags per resource. */
    private static final int MAX_TAGS = 50;

    private final WafEntities entities;

    WafTags(WafEntities entities) {
        this.entities = entities;
    }

    /** The tags a create request sets, checked. */
    static Map<String, String> of(@Nullable List<Tag> tags) {
        return merged(Map.of(), tags == null ? List.of() : tags);
    }

    void tag(TagResourceRequest request) {
        entities.retag(existing(request.resourceARN()).arn(), tags -> merged(tags, request.tags()));
    }

    void untag(UntagResourceRequest request) {
        entities.retag(existing(request.resourceARN()).arn(), tags -> {
            request.tagKeys().forEach(tags::remove);
            return tags;
        });
    }

    ListTagsForResourceResponse list(ListTagsForResourceRequest request) {
        WafEntity entity = existing(request.resourceARN());
        List<Tag> tags = entity.tags().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Tag(e.getKey(), e.getValue())).toList();
        NamePages.Page<Tag> page = NamePages.page(tags, Tag::key, request.nextMarker(), request.limit(), 100,
                () -> WafErrors.invalid("TAGS", String.valueOf(request.nextMarker()), "The NextMarker is not valid."));
        return new ListTagsForResourceResponse(page.next(), new TagInfoForResource(entity.arn(), page.items()));
    }

    private WafEntity existing(String arn) {
        WafEntity entity = entities.byArn(arn);
        if (entity == null) {
            throw WafErrors.nonexistent();
        }
        return entity;
    }

    private static Map<String, String> merged(Map<String, String> existing, List<Tag> added) {
        Map<String, String> tags = new LinkedHashMap<>(existing);
        for (Tag tag : added) {
            if (tag.key().startsWith("aws:")) {
                throw new WAFTagOperationException("Tag keys that begin with aws: are reserved for AWS use.");
            }
            tags.put(tag.key(), tag.value());
        }
        if (tags.size() > MAX_TAGS) {
            throw WafErrors.limit();
        }
        return tags;
    }
}
