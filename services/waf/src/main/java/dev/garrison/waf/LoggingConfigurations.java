package dev.garrison.waf;

import dev.garrison.api.wafv2.DeleteLoggingConfigurationRequest;
import dev.garrison.api.wafv2.GetLoggingConfigurationRequest;
import dev.garrison.api.wafv2.GetLoggingConfigurationResponse;
import dev.garrison.api.wafv2.ListLoggingConfigurationsRequest;
import dev.garrison.api.wafv2.ListLoggingConfigurationsResponse;
import dev.garrison.api.wafv2.LoggingConfiguration;
import dev.garrison.api.wafv2.PutLoggingConfigurationRequest;
import dev.garrison.api.wafv2.PutLoggingConfigurationResponse;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.NamePages;
import dev.garrison.platform.model.ServiceModel;
import dev.garrison.platform.protocol.StoredShapes;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * PutLoggingConfiguration, GetLoggingConfiguration, DeleteLoggingConfiguration and
 * ListLoggingConfigurations. A web ACL logs to one CloudWatch Logs log group named
 * {@code aws-waf-logs-...}, which Garrison writes as a file under its data folder.
 */
final class LoggingConfigurations {
    private static final String TABLE = "waf_logging";
    private static final Pattern LOG_GROUP =
            Pattern.compile("arn:aws:logs:[a-z0-9-]+:\\d{12}:log-group:(aws-waf-logs-[A-Za-z0-9_./#-]{1,499})(?::\\*)?");

    private final Store store;
    private final ServiceModel model;
    private final WafEntities entities;
    /** The configurations by web ACL ARN, read by the proxy's log writer on every request. */
    private final Map<String, LoggingConfiguration> current = new ConcurrentHashMap<>();

    LoggingConfigurations(Store store, ServiceModel model, WafEntities entities) {
        this.store = store;
        this.model = model;
        this.entities = entities;
        store.all(TABLE).forEach(row -> {
            LoggingConfiguration config = read(row);
            current.put(config.resourceArn(), config);
        });
    }

    /** The configuration of a web ACL, or null when it does not log. */
    @Nullable LoggingConfiguration of(String webAclArn) {
        return current.get(webAclArn);
    }

    /** The log group a destination ARN names. */
    static String logGroup(String destination) {
        Matcher m = LOG_GROUP.matcher(destination);
        if (!m.matches()) {
            throw WafErrors.invalid("LOG_DESTINATION", destination,
                    "The destination must be a CloudWatch Logs log group whose name starts with aws-waf-logs-.");
        }
        return m.group(1);
    }

    PutLoggingConfigurationResponse put(PutLoggingConfigurationRequest request) {
        LoggingConfiguration config = request.loggingConfiguration();
        WafEntity acl = webAcl(config.resourceArn());
        if (config.logDestinationConfigs().size() != 1) {
            throw WafErrors.invalid("LOG_DESTINATION", String.valueOf(config.logDestinationConfigs().size()),
                    "A web ACL logs to exactly one destination.");
        }
        logGroup(config.logDestinationConfigs().getFirst());
        if (config.redactedFields() != null) {
            config.redactedFields().forEach(LogRedaction::check);
        }
        LoggingConfiguration stored = config.toBuilder().managedByFirewallManager(false)
                .logType(config.logType() == null ? "WAF_LOGS" : config.logType())
                .logScope(config.logScope() == null ? "CUSTOMER" : config.logScope()).build();
        String shelf = acl.shelf().substring(0, acl.shelf().lastIndexOf('/'));
        store.write(tx -> {
            tx.put(TABLE, new Row(config.resourceArn(), Map.of("shelf", shelf),
                    StoredShapes.write(model, "LoggingConfiguration", stored.toTree())));
            return null;
        });
        current.put(stored.resourceArn(), stored);
        return new PutLoggingConfigurationResponse(stored);
    }

    GetLoggingConfigurationResponse get(GetLoggingConfigurationRequest request) {
        LoggingConfiguration config = current.get(request.resourceArn());
        if (config == null) {
            throw WafErrors.nonexistent();
        }
        return new GetLoggingConfigurationResponse(config);
    }

    void delete(DeleteLoggingConfigurationRequest request) {
        webAcl(request.resourceArn());
        forget(request.resourceArn());
    }

    /** Drops the configuration of a web ACL, if it has one (when the web ACL is deleted). */
    void forget(String webAclArn) {
        store.write(tx -> tx.delete(TABLE, webAclArn));
        current.remove(webAclArn);
    }

    ListLoggingConfigurationsResponse list(CallContext call, ListLoggingConfigurationsRequest request) {
        WafScope scope = WafScope.of(call, request.scope());
        String shelf = scope.scope() + "/" + scope.region();
        List<LoggingConfiguration> all = store.find(TABLE, "shelf", shelf).stream().map(this::read).toList();
        NamePages.Page<LoggingConfiguration> page = NamePages.page(all, LoggingConfiguration::resourceArn,
                request.nextMarker(), request.limit(), 100, WafErrors::badMarker);
        return new ListLoggingConfigurationsResponse(page.items(), page.next());
    }

    private WafEntity webAcl(String arn) {
        WafEntity acl = entities.byArn(arn);
        if (acl == null || acl.kind() != EntityKind.WEB_ACL) {
            throw WafErrors.nonexistent();
        }
        return acl;
    }

    private LoggingConfiguration read(Row row) {
        return LoggingConfiguration.fromTree(StoredShapes.read(model, "LoggingConfiguration", row.value()));
    }
}
