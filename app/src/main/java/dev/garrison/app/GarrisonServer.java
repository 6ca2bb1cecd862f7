package dev.garrison.app;

import dev.garrison.cloudtrail.CloudtrailService;
import dev.garrison.events.EventsService;
import dev.garrison.events.LocalCommand;
import dev.garrison.iam.IamService;
import dev.garrison.kms.KmsService;
import dev.garrison.waf.GeoIp;
import dev.garrison.waf.WafService;
import dev.garrison.platform.audit.AuditEvent;
import dev.garrison.platform.audit.AuditTrail;
import dev.garrison.platform.audit.CallRecorder;
import dev.garrison.platform.auth.SigV4Verifier;
import dev.garrison.platform.auth.StoredCredentials;
import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.core.Authorizer;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.policy.PolicyDocument;
import dev.garrison.platform.barrier.KeyfileRootKey;
import dev.garrison.platform.barrier.PassphraseRootKey;
import dev.garrison.platform.barrier.Pkcs11RootKey;
import dev.garrison.platform.events.EventBus;
import dev.garrison.platform.barrier.RootKey;
import dev.garrison.platform.server.ApiMetrics;
import dev.garrison.platform.server.ApiServer;
import dev.garrison.platform.server.RequestPipeline;
import dev.garrison.platform.server.ServiceRegistry;
import dev.garrison.platform.storage.Database;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Garrison: storage, barrier, credentials, every service, and the API listener, wired in order. */
public final class GarrisonServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GarrisonServer.class);
    private final Database database;
    private final EventBus bus;
    private final AuditTrail audit;
    private final EventsService events;
    private final KmsService kms;
    private final WafService waf;
    private final IamService iam;
    /** Clears expired role sessions and temporary credentials: at start, then hourly. */
    private final ScheduledExecutorService janitor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ApiServer api;
    private final int port;
    private final List<Integer> loadBalancerPorts;
    private final AdminBootstrap.Admin admin;

    private GarrisonServer(Database database, EventBus bus, AuditTrail audit, EventsService events, KmsService kms,
            WafService waf, IamService iam, ApiServer api, int port, List<Integer> loadBalancerPorts,
            AdminBootstrap.Admin admin, ScheduledExecutorService janitor) {
        this.loadBalancerPorts = loadBalancerPorts;
        this.kms = kms;
        this.waf = waf;
        this.janitor = janitor;
        this.database = database;
        this.bus = bus;
        this.audit = audit;
        this.events = events;
        this.iam = iam;
        this.api = api;
        this.port = port;
        this.admin = admin;
    }

    /**
     * Starts everything. {@code rootSecret} opens the root key: the token's PIN (GARRISON_ROOT_PIN)
     * when the configuration names a root key token, else a passphrase (GARRISON_ROOT_PASSPHRASE)
     * that replaces the keyfile when given.
     */
    public static GarrisonServer start(GarrisonConfig config, Clock clock, @Nullable String rootSecret) throws Exception {
        return start(config, clock, rootSecret, true);
    }

    /**
     * {@code authorizeAndAudit} false is the benchmark-only switch: every call is allowed and none
     * recorded, so {@code garrison bench authz} can measure what the two cost and {@code garrison
     * bench api} the front door without them. Nothing else uses it.
     */
    static GarrisonServer start(GarrisonConfig config, Clock clock, @Nullable String rootSecret, boolean authorizeAndAudit)
            throws Exception {
        Database database = config.db() == null
                ? Database.sqlite(config.dataDir().resolve("garrison.db"))
                : Database.postgresql(config.db());
        EventBus bus = null;
        AuditTrail audit = null;
        EventsService events = null;
        WafService waf = null;
        try {
            Store platform = database.migrate("platform");
            RootKey root = rootKey(config, rootSecret);
            Barrier barrier = Barrier.open(root, platform);
            StoredCredentials credentials = new StoredCredentials(platform, barrier);
            IamService iam = new IamService(database.migrate("iam"), credentials, barrier, clock);
            AdminBootstrap.Admin admin = AdminBootstrap.ensure(platform, credentials, iam, config.accountId(), config.dataDir());
            bus = new EventBus(platform);
            audit = new AuditTrail(platform, bus, config.dataDir().resolve("audit"), clock);
            AuditTrail trail = audit;
            events = new EventsService(database.migrate("events"), bus, barrier, clock, localCommands(config));
            KmsService kms = new KmsService(database.migrate("kms"), barrier, iam.authorizer(), clock, config.hsmClusters());
            ApiMetrics metrics = new ApiMetrics();
            waf = new WafService(database.migrate("waf"), config.loadBalancers(), config.proxy(), config.region(),
                    admin.accountId(), config.dataDir().resolve("waf-logs"), bus, metrics.registry(), clock, geoIp(config), barrier);
            ServiceRegistry registry = new ServiceRegistry(Services.all(iam, kms, waf, new CloudtrailService(trail, clock),
                    events));
            RequestPipeline pipeline = authorizeAndAudit
                    ? new RequestPipeline(registry, new SigV4Verifier(credentials, clock, true), iam.authorizer(), trail,
                            metrics, clock)
                    : new RequestPipeline(registry, new SigV4Verifier(credentials, clock, true), new Authorizer() {
                                @Override
                                public void authorize(CallContext call, String action, String resource,
                                        Map<String, List<String>> keys) {
                                    // the benchmark's baseline allows everything
                                }

                                @Override
                                public void authorize(CallContext call, String action, String resource,
                                        Map<String, List<String>> keys, PolicyDocument resourcePolicy, boolean granted) {
                                    // the benchmark's baseline allows everything
                                }
                            },
                            new CallRecorder() {
                                @Override
                                public boolean healthy() {
                                    return true;
                                }

                                @Override
                                public void record(Supplier<AuditEvent> event) {
                                    // the benchmark's baseline records nothing
                                }
                            }, metrics, clock);
            ApiServer api = new ApiServer(pipeline, metrics, () -> database.ready() && trail.healthy(),
                    new ApiServer.Limits(config.maxBodyBytes(), 16 * 1024, 60, config.bodyTimeoutSeconds()));
            events.start();
            int port = api.start(config.host(), config.port(), config.tls());
            List<Integer> loadBalancerPorts = waf.start();
            ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("garrison-janitor").daemon().factory());
            janitor.scheduleWithFixedDelay(() -> {
                try {
                    iam.purgeExpiredSessions();
                } catch (RuntimeException e) {
                    LOG.warn("purging expired sessions failed: {}", e.toString());
                }
            }, 0, 1, TimeUnit.HOURS);
            EventBus published = bus;
            janitor.scheduleWithFixedDelay(() -> {
                try {
                    published.prune();
                    kms.sweepKeys();
                } catch (RuntimeException e) {
                    LOG.warn("minutely housekeeping failed: {}", e.toString());
                }
            }, 0, 1, TimeUnit.MINUTES);
            return new GarrisonServer(database, bus, trail, events, kms, waf, iam, api, port, loadBalancerPorts, admin,
                    janitor);
        } catch (Exception | Error e) {
            if (waf != null) {
                waf.close();
            }
            if (audit != null) {
                audit.close();
            }
            if (bus != null) {
                bus.close();
            }
            if (events != null) {
                events.close();
            }
            database.close();
            throw e;
        }
    }

    private static RootKey rootKey(GarrisonConfig config, @Nullable String rootSecret) {
        if (config.rootKeyToken() != null) {
            if (rootSecret == null) {
                throw new GarrisonConfig.ConfigException("root-key-library: the token's PIN must be given in GARRISON_ROOT_PIN");
            }
            return Pkcs11RootKey.openOrCreate(config.rootKeyToken().library(), config.rootKeyToken().slot(),
                    rootSecret.toCharArray());
        }
        return rootSecret != null
                ? PassphraseRootKey.derive(rootSecret, config.dataDir().resolve("root.salt"))
                : KeyfileRootKey.openOrCreate(config.dataDir().resolve("root.key"));
    }

    private static GeoIp geoIp(GarrisonConfig config) {
        try {
            return GeoIp.open(config.geoDatabase(), config.asnDatabase());
        } catch (IOException e) {
            throw new GarrisonConfig.ConfigException(e.getMessage());
        }
    }

    private static Map<String, LocalCommand> localCommands(GarrisonConfig config) {
        Map<String, LocalCommand> commands = new LinkedHashMap<>();
        config.eventCommands().forEach((name, argv) -> commands.put(name,
                new LocalCommand(argv, Duration.ofSeconds(config.eventCommandTimeoutSeconds()))));
        return commands;
    }

    public int port() {
        return port;
    }

    /** The ARNs of the load balancers, in declaration order (the WAF benchmark associates a web ACL with one). */
    List<String> loadBalancerArns() {
        return waf.loadBalancerArns();
    }

    /** The ports the load balancers' listeners bound, in declaration order. */
    public List<Integer> loadBalancerPorts() {
        return loadBalancerPorts;
    }

    /** IAM, for commands that prepare principals directly (the authorization benchmark). */
    IamService iam() {
        return iam;
    }

    AdminBootstrap.Admin admin() {
        return admin;
    }

    /** Stops everything once; a second call (a test's cleanup after it stopped the server itself) does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        janitor.shutdownNow();
        waf.close();
        api.close();
        kms.flush();
        audit.close();
        bus.close();
        events.close();
        database.close();
    }
}
