package dev.garrison.events;

import dev.garrison.api.events.ListTargetsByRuleRequest;
import dev.garrison.api.events.ListTargetsByRuleResponse;
import dev.garrison.api.events.PutTargetsRequest;
import dev.garrison.api.events.PutTargetsResponse;
import dev.garrison.api.events.RemoveTargetsRequest;
import dev.garrison.api.events.RemoveTargetsResponse;
import dev.garrison.api.events.Target;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.NamePages;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.events.EventTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PutTargets, RemoveTargets and ListTargetsByRule. A target is checked whole before anything is
 * stored: its ARN must name a kind Garrison delivers to, and settings that belong to AWS services
 * Garrison does not run (ECS, Kinesis, SQS, …) are refused rather than stored to be ignored.
 */
final class TargetOperations {
    private final RuleStore rules;
    private final TargetDeliveries deliveries;

    TargetOperations(RuleStore rules, TargetDeliveries deliveries) {
        this.rules = rules;
        this.deliveries = deliveries;
    }

    PutTargetsResponse put(CallContext call, String bus, PutTargetsRequest request) {
        for (Target target : request.targets()) {
            check(call, target);
        }
        rules.putTargets(bus, request.rule(), request.targets());
        return PutTargetsResponse.builder().failedEntryCount(0).failedEntries(List.of()).build();
    }

    RemoveTargetsResponse remove(String bus, RemoveTargetsRequest request) {
        rules.removeTargets(bus, request.rule(), request.ids());
        return RemoveTargetsResponse.builder().failedEntryCount(0).failedEntries(List.of()).build();
    }

    ListTargetsByRuleResponse list(String bus, ListTargetsByRuleRequest request) {
        rules.require(bus, request.rule());
        NamePages.Page<Target> page = NamePages.page(rules.targets(bus, request.rule()), Target::id,
                request.nextToken(), request.limit(), 100, EventsService::invalidToken);
        return ListTargetsByRuleResponse.builder().targets(page.items()).nextToken(page.next()).build();
    }

    private void check(CallContext call, Target target) {
        List<String> unsupported = new ArrayList<>();
        Map.of("AppSyncParameters", target.appSyncParameters() != null,
                "BatchParameters", target.batchParameters() != null,
                "DeadLetterConfig", target.deadLetterConfig() != null,
                "EcsParameters", target.ecsParameters() != null,
                "KinesisParameters", target.kinesisParameters() != null,
                "RedshiftDataParameters", target.redshiftDataParameters() != null,
                "RunCommandParameters", target.runCommandParameters() != null,
                "SageMakerPipelineParameters", target.sageMakerPipelineParameters() != null,
                "SqsParameters", target.sqsParameters() != null)
                .forEach((name, given) -> {
                    if (given) {
                        unsupported.add(name);
                    }
                });
        if (target.httpParameters() != null && target.httpParameters().pathParameterValues() != null
                && !target.httpParameters().pathParameterValues().isEmpty()) {
            unsupported.add("HttpParameters.PathParameterValues");
        }
        if (!unsupported.isEmpty()) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Target " + target.id() + ": "
                    + String.join(", ", unsupported.stream().sorted().toList()) + " not supported here.");
        }
        EventTarget kind = deliveries.kind(target.arn());
        if (kind == null) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Target " + target.id() + ": " + target.arn()
                    + " is not a target Garrison delivers to (an API destination or a declared command).");
        }
        kind.check(target.arn(), call.principal().accountId(), call.region());
        TargetInput.check(target);
    }
}
