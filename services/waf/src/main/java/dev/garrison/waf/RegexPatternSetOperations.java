package dev.garrison.waf;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.garrison.api.wafv2.CreateRegexPatternSetRequest;
import dev.garrison.api.wafv2.CreateRegexPatternSetResponse;
import dev.garrison.api.wafv2.DeleteRegexPatternSetRequest;
import dev.garrison.api.wafv2.GetRegexPatternSetRequest;
import dev.garrison.api.wafv2.GetRegexPatternSetResponse;
import dev.garrison.api.wafv2.ListRegexPatternSetsRequest;
import dev.garrison.api.wafv2.ListRegexPatternSetsResponse;
import dev.garrison.api.wafv2.Regex;
import dev.garrison.api.wafv2.RegexPatternSet;
import dev.garrison.api.wafv2.RegexPatternSetSummary;
import dev.garrison.api.wafv2.UpdateRegexPatternSetRequest;
import dev.garrison.api.wafv2.UpdateRegexPatternSetResponse;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.NamePages;
import java.util.List;

/** CreateRegexPatternSet, GetRegexPatternSet, UpdateRegexPatternSet, DeleteRegexPatternSet, ListRegexPatternSets. */
final class RegexPatternSetOperations {
    /** AWS WAF's quota of regular expressions in one set. */
    private static final int MAX_PATTERNS = 10;

    private final WafEntities entities;
    private final References references;

    RegexPatternSetOperations(WafEntities entities, References references) {
        this.entities = entities;
        this.references = references;
    }

    CreateRegexPatternSetResponse create(CallContext call, CreateRegexPatternSetRequest request) {
        WafScope scope = WafScope.of(call, request.scope());
        check(request.regularExpressionList());
        WafEntity entity = entities.create(scope, EntityKind.REGEX_PATTERN_SET, request.name(), WafTags.of(request.tags()),
                (arn, id) -> new RegexPatternSet(arn, request.description(), id, request.name(),
                        request.regularExpressionList()).toTree());
        return new CreateRegexPatternSetResponse(summary(entity));
    }

    GetRegexPatternSetResponse get(CallContext call, GetRegexPatternSetRequest request) {
        WafEntity entity = entities.require(WafScope.of(call, request.scope()), EntityKind.REGEX_PATTERN_SET,
                request.name(), request.id());
        return new GetRegexPatternSetResponse(entity.lockToken(), RegexPatternSet.fromTree(entity.body()));
    }

    UpdateRegexPatternSetResponse update(CallContext call, UpdateRegexPatternSetRequest request) {
        WafEntity entity = entities.require(WafScope.of(call, request.scope()), EntityKind.REGEX_PATTERN_SET,
                request.name(), request.id());
        check(request.regularExpressionList());
        RegexPatternSet next = new RegexPatternSet(entity.arn(), request.description(), entity.id(), entity.name(),
                request.regularExpressionList());
        return new UpdateRegexPatternSetResponse(entities.update(entity, request.lockToken(), next.toTree()));
    }

    void delete(CallContext call, DeleteRegexPatternSetRequest request) {
        WafEntity entity = entities.require(WafScope.of(call, request.scope()), EntityKind.REGEX_PATTERN_SET,
                request.name(), request.id());
        entities.delete(entity, request.lockToken(), () -> references.requireUnused(entity));
    }

    ListRegexPatternSetsResponse list(CallContext call, ListRegexPatternSetsRequest request) {
        NamePages.Page<WafEntity> page = entities.page(WafScope.of(call, request.scope()), EntityKind.REGEX_PATTERN_SET,
                request.nextMarker(), request.limit());
        return new ListRegexPatternSetsResponse(page.next(),
                page.items().stream().map(RegexPatternSetOperations::summary).toList());
    }

    private static RegexPatternSetSummary summary(WafEntity entity) {
        return new RegexPatternSetSummary(entity.arn(), RegexPatternSet.fromTree(entity.body()).description(), entity.id(),
                entity.lockToken(), entity.name());
    }

    private static void check(List<Regex> patterns) {
        if (patterns.size() > MAX_PATTERNS) {
            throw WafErrors.limit();
        }
        for (Regex regex : patterns) {
            compile(regex.regexString() == null ? "" : regex.regexString(), "REGEX_PATTERN_SET");
        }
    }

    /** Compiles a pattern with the linear-time engine; one it cannot run is refused naming {@code field}. */
    static Pattern compile(String regex, String field) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw WafErrors.invalid(field, regex, "The regular expression isn't valid or isn't supported.");
        }
    }
}
