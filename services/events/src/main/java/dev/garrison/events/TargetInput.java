package dev.garrison.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.api.events.InputTransformer;
import dev.garrison.api.events.Target;
import dev.garrison.platform.core.CommonErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a target receives: the whole event, or what its {@code Input} (fixed JSON),
 * {@code InputPath} (a JSONPath into the event) or {@code InputTransformer} (JSONPaths into the
 * event filled into a template) make of it. JSONPaths are the simple kind EventBridge takes:
 * {@code $}, then {@code .name}, {@code ['name']} or {@code [index]} steps.
 */
final class TargetInput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z0-9_@$-]+)|\\['([^']*)'\\]|\\[(\\d+)\\]");
    private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.-]+)>");
    private static final String RULE_ARN = "aws.events.rule-arn";
    private static final String RULE_NAME = "aws.events.rule-name";
    private static final String INGESTION_TIME = "aws.events.event.ingestion-time";
    private static final String EVENT = "aws.events.event";
    private static final String EVENT_JSON = "aws.events.event.json";
    private static final List<String> RESERVED = List.of(RULE_ARN, RULE_NAME, INGESTION_TIME, EVENT, EVENT_JSON);

    private TargetInput() {}

    /** Refuses input settings that could never be applied, naming the target. */
    static void check(Target target) {
        int given = (target.input() != null ? 1 : 0) + (target.inputPath() != null ? 1 : 0)
                + (target.inputTransformer() != null ? 1 : 0);
        if (given > 1) {
            throw invalid(target, "Only one of Input, InputPath, or InputTransformer can be specified.");
        }
        if (target.input() != null && !isJson(target.input())) {
            throw invalid(target, "Input is not valid JSON.");
        }
        if (target.inputPath() != null) {
            steps(target, target.inputPath());
        }
        InputTransformer transformer = target.inputTransformer();
        if (transformer != null) {
            Map<String, String> paths = transformer.inputPathsMap() == null ? Map.of() : transformer.inputPathsMap();
            paths.forEach((name, path) -> {
                if (name.startsWith("aws.")) {
                    throw invalid(target, "InputPathsMap key " + name + " is reserved.");
                }
                steps(target, path);
            });
            Matcher m = PLACEHOLDER.matcher(transformer.inputTemplate());
            while (m.find()) {
                String name = m.group(1);
                if (!paths.containsKey(name) && !RESERVED.contains(name) && name.startsWith("aws.")) {
                    throw invalid(target, "InputTemplate names unknown placeholder <" + name + ">.");
                }
            }
        }
    }

    /** The payload for {@code target} from {@code event}, matched by the rule {@code ruleArn}. */
    static byte[] render(Target target, ObjectNode event, String ruleArn, String ruleName) {
        if (target.input() != null) {
            return target.input().getBytes(StandardCharsets.UTF_8);
        }
        if (target.inputPath() != null) {
            return text(resolve(event, steps(target, target.inputPath()))).getBytes(StandardCharsets.UTF_8);
        }
        InputTransformer transformer = target.inputTransformer();
        if (transformer == null) {
            return text(event).getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> paths = transformer.inputPathsMap() == null ? Map.of() : transformer.inputPathsMap();
        String template = transformer.inputTemplate();
        StringBuilder out = new StringBuilder(template.length() + 256);
        boolean inString = false;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            Matcher m = PLACEHOLDER.matcher(template).region(i, template.length());
            if (c == '<' && m.lookingAt() && (paths.containsKey(m.group(1)) || RESERVED.contains(m.group(1)))) {
                JsonNode value = value(m.group(1), paths, target, event, ruleArn, ruleName);
                out.append(inString ? inside(value) : text(value));
                i = m.end();
                continue;
            }
            if (c == '"' && !escaped(template, i)) {
                inString = !inString;
            }
            out.append(c);
            i++;
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode value(String name, Map<String, String> paths, Target target, ObjectNode event, String ruleArn,
            String ruleName) {
        return switch (name) {
            case RULE_ARN -> JsonNodeFactory.instance.textNode(ruleArn);
            case RULE_NAME -> JsonNodeFactory.instance.textNode(ruleName);
            case INGESTION_TIME -> event.path("time");
            case EVENT -> event.deepCopy().without("detail");
            case EVENT_JSON -> event;
            default -> resolve(event, steps(target, paths.get(name)));
        };
    }

    /** A value placed inside a JSON string of the template: its text, escaped, without quotes. */
    private static String inside(JsonNode value) {
        String raw = value.isMissingNode() || value.isNull() ? "" : value.isTextual() ? value.asText() : text(value);
        String quoted = text(JsonNodeFactory.instance.textNode(raw));
        return quoted.substring(1, quoted.length() - 1);
    }

    private static boolean escaped(String text, int at) {
        int backslashes = 0;
        for (int j = at - 1; j >= 0 && text.charAt(j) == '\\'; j--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static List<Object> steps(Target target, String path) {
        if (!path.startsWith("$")) {
            throw invalid(target, "JSONPath " + path + " must start with $.");
        }
        List<Object> steps = new ArrayList<>();
        Matcher m = STEP.matcher(path);
        int at = 1;
        while (at < path.length()) {
            if (!m.find(at) || m.start() != at) {
                throw invalid(target, "JSONPath " + path + " is not valid at position " + at + ".");
            }
            steps.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : Integer.valueOf(m.group(3)));
            at = m.end();
        }
        return steps;
    }

    private static JsonNode resolve(JsonNode node, List<Object> steps) {
        JsonNode at = node;
        for (Object step : steps) {
            at = step instanceof Integer index ? at.path(index) : at.path((String) step);
        }
        return at;
    }

    private static String text(JsonNode node) {
        if (node.isMissingNode()) {
            return "null";
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isJson(String text) {
        try {
            return !JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text).isMissingNode();
        } catch (IOException e) {
            return false;
        }
    }

    private static RuntimeException invalid(Target target, String reason) {
        return CommonErrors.of(CommonErrors.Kind.VALIDATION, "Target " + target.id() + " is not valid: " + reason);
    }
}
