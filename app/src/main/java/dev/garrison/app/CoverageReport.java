package dev.garrison.app;

import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.OperationBinding;
import dev.garrison.platform.core.ServiceOperations;
import dev.garrison.cloudtrail.CloudtrailService;
import dev.garrison.events.EventsService;
import dev.garrison.iam.IamService;
import dev.garrison.kms.KmsService;
import dev.garrison.waf.GeoIp;
import dev.garrison.waf.ProxySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.garrison.waf.WafService;
import dev.garrison.platform.audit.AuditTrail;
import dev.garrison.platform.auth.StoredCredentials;
import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.events.EventBus;
import dev.garrison.platform.barrier.KeyfileRootKey;
import dev.garrison.platform.storage.Database;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A build step: counts, per service, the operations whose {@code XxxApi} method the implementation
 * overrides, and writes the table into the README between its coverage markers.
 */
public final class CoverageReport {
    static final String BEGIN = "<!-- coverage:begin -->";
    static final String END = "<!-- coverage:end -->";

    private CoverageReport() {}

    public static void main(String[] args) throws IOException {
        Path readme = Path.of(args[0]);
        String text = Files.readString(readme);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(readme + " lacks the " + BEGIN + " / " + END + " markers");
        }
        String updated = text.substring(0, begin + BEGIN.length()) + "\n" + table(services()) + text.substring(end);
        if (!updated.equals(text)) {
            Files.writeString(readme, updated);
        }
    }

    /** The services as the server wires them, over a throw-away database: only their classes are inspected. */
    private static List<ServiceOperations> services() throws IOException {
        Path dir = Files.createTempDirectory("garrison-coverage");
        try (Database database = Database.sqlite(dir.resolve("coverage.db"))) {
            Store platform = database.migrate("platform");
            Barrier barrier = Barrier.open(KeyfileRootKey.openOrCreate(dir.resolve("root.key")), platform);
            EventBus bus = new EventBus(platform);
            try (AuditTrail audit = new AuditTrail(platform, bus, dir.resolve("audit"), Clock.systemUTC());
                    EventsService events = new EventsService(database.migrate("events"), bus, barrier, Clock.systemUTC(),
                            Map.of());
                    WafService waf = new WafService(database.migrate("waf"), List.of(), ProxySettings.DEFAULTS, "us-east-1",
                            "000000000000", dir.resolve("waf-logs"), bus, new SimpleMeterRegistry(), Clock.systemUTC(),
                            GeoIp.NONE, barrier)) {
                IamService iam = new IamService(database.migrate("iam"), new StoredCredentials(platform, barrier), barrier,
                        Clock.systemUTC());
                return Services.all(iam, new KmsService(database.migrate("kms"), barrier, iam.authorizer(), Clock.systemUTC(),
                        Map.of()), waf,
                        new CloudtrailService(audit, Clock.systemUTC()), events);
            }
        } finally {
            TempFolders.deleteTree(dir);
        }
    }

    static String table(List<ServiceOperations> services) {
        StringBuilder out = new StringBuilder("| service | implemented | operations implemented |\n|---|---|---|\n");
        for (ServiceOperations service : services) {
            List<String> implemented = new ArrayList<>();
            for (OperationBinding binding : service.operations()) {
                if (overridden(service.implementation(), binding)) {
                    implemented.add(binding.name());
                }
            }
            out.append("| ").append(service.service()).append(" | ").append(implemented.size()).append(" of ")
                    .append(service.operations().size()).append(" | ")
                    .append(implemented.isEmpty() ? "none yet" : String.join(", ", implemented)).append(" |\n");
        }
        return out.toString();
    }

    static boolean overridden(Object implementation, OperationBinding binding) {
        try {
            Method method = binding.inputType() == null
                    ? implementation.getClass().getMethod(binding.javaMethod(), CallContext.class)
                    : implementation.getClass().getMethod(binding.javaMethod(), CallContext.class, binding.inputType());
            return !method.getDeclaringClass().isInterface();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no method " + binding.javaMethod() + " on " + implementation.getClass(), e);
        }
    }
}
