package dev.garrison.waf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** A request's record in AWS WAF's log format (format version 1). */
final class WafLogRecord {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WafLogRecord() {}

    static ObjectNode of(Traffic t, LogRedaction redaction, String country) {
        Verdict verdict = t.verdict();
        ObjectNode log = JSON.createObjectNode();
        log.put("timestamp", t.time().toEpochMilli());
        log.put("formatVersion", 1);
        log.put("webaclId", t.acl().arn);
        log.put("terminatingRuleId", verdict.terminatingRuleId());
        log.put("terminatingRuleType", verdict.terminatingRuleType());
        log.put("action", verdict.action());
        details(log.putArray("terminatingRuleMatchDetails"), verdict.matchDetails(), redaction);
        log.put("httpSourceName", "ALB");
        log.put("httpSourceId", t.source());
        ArrayNode groups = log.putArray("ruleGroupList");
        if (verdict.ruleGroupId() != null) {
            ObjectNode group = groups.addObject();
            group.put("ruleGroupId", verdict.ruleGroupId());
            ObjectNode terminating = group.putObject("terminatingRule");
            terminating.put("ruleId", verdict.groupRuleId());
            terminating.put("action", verdict.action());
            group.putNull("nonTerminatingMatchingRules");
            group.putNull("excludedRules");
        }
        log.putArray("rateBasedRuleList");
        ArrayNode counted = log.putArray("nonTerminatingMatchingRules");
        for (Verdict.Counted rule : verdict.counted()) {
            ObjectNode entry = counted.addObject().put("ruleId", rule.rule().name()).put("action", rule.action().name());
            details(entry.putArray("ruleMatchDetails"), rule.details(), redaction);
            if (rule.action() == ActionPlan.Kind.CAPTCHA || rule.action() == ActionPlan.Kind.CHALLENGE) {
                entry.putObject(rule.action() == ActionPlan.Kind.CAPTCHA ? "captchaResponse" : "challengeResponse")
                        .put("responseCode", 0);
            }
        }
        if (verdict.tokenFailure() != null) {
            log.putObject(verdict.kind() == ActionPlan.Kind.CAPTCHA ? "captchaResponse" : "challengeResponse")
                    .put("responseCode", verdict.status()).put("failureReason", verdict.tokenFailure());
        }
        if (!verdict.insertHeaders().isEmpty()) {
            ArrayNode inserted = log.putArray("requestHeadersInserted");
            verdict.insertHeaders().forEach(h -> inserted.addObject().put("name", h.getKey()).put("value", h.getValue()));
        }
        if (t.responseCode() != null) {
            log.put("responseCodeSent", t.responseCode());
        }
        if (t.request().tls() != null) {
            log.put("ja3Fingerprint", t.request().tls().ja3());
            log.put("ja4Fingerprint", t.request().tls().ja4());
        }
        ObjectNode http = log.putObject("httpRequest");
        http.put("clientIp", t.request().clientIpText());
        http.put("country", country);
        ArrayNode headers = http.putArray("headers");
        for (Map.Entry<String, String> header : t.request().headers()) {
            headers.addObject().put("name", header.getKey())
                    .put("value", redaction.header(header.getKey()) ? LogRedaction.REDACTED : header.getValue());
        }
        http.put("uri", redaction.uriPath() ? LogRedaction.REDACTED : t.request().path());
        http.put("args", redaction.queryString() ? LogRedaction.REDACTED : t.request().query());
        http.put("httpVersion", t.httpVersion());
        http.put("httpMethod", redaction.method() ? LogRedaction.REDACTED : t.request().method());
        http.put("requestId", t.requestId());
        if (!verdict.labels().isEmpty()) {
            ArrayNode labels = log.putArray("labels");
            verdict.labels().forEach(l -> labels.addObject().put("name", l));
        }
        return log;
    }

    /**
     * Match details; the matched data of a part the logging configuration redacts (or, for headers
     * and cookies, of any request whose headers it redacts) is left out.
     */
    private static void details(ArrayNode into, List<MatchDetail> details, LogRedaction redaction) {
        for (MatchDetail detail : details) {
            ObjectNode entry = into.addObject().put("conditionType", detail.conditionType());
            if (detail.sensitivityLevel() != null) {
                entry.put("sensitivityLevel", detail.sensitivityLevel());
            }
            entry.put("location", detail.location());
            boolean redacted = switch (detail.location()) {
                case "URI" -> redaction.uriPath();
                case "QUERY_STRING", "ALL_QUERY_ARGS", "SINGLE_QUERY_ARG" -> redaction.queryString();
                case "HEADER", "COOKIES" -> !redaction.headers().isEmpty();
                default -> false;
            };
            ArrayNode data = entry.putArray("matchedData");
            if (redacted) {
                data.add(LogRedaction.REDACTED);
            } else {
                detail.matchedData().forEach(data::add);
            }
        }
    }
}
