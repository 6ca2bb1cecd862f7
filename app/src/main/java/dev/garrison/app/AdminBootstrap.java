package dev.garrison.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.garrison.iam.IamIds;
import dev.garrison.iam.IamService;
import dev.garrison.platform.auth.StoredCredentials;
import dev.garrison.platform.core.Principal;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * First start: the account, an {@code admin} user with one access key, and the AWS CLI's
 * credentials and config files (mode 0600, profile {@code garrison}). Later starts reuse them.
 */
final class AdminBootstrap {
    static final String PROFILE = "garrison";
    static final String REGION = "us-east-1";
    private static final String SETTINGS = "settings";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The account and admin principal in use, with the access key id written to the credentials file. */
    record Admin(String accountId, Principal principal, String accessKeyId) {}

    private AdminBootstrap() {}

    static Admin ensure(Store store, StoredCredentials credentials, IamService iam, @Nullable String configuredAccount,
            Path dataDir) {
        String account = setting(store, "account_id");
        if (account == null) {
            account = configuredAccount != null ? configuredAccount : randomAccountId();
            String chosen = account;
            store.write(tx -> tx.insert(SETTINGS, new Row("account_id", Map.of(), chosen.getBytes(UTF_8))));
        } else if (configuredAccount != null && !configuredAccount.equals(account)) {
            throw new GarrisonConfig.ConfigException("account-id: this data folder belongs to account " + account
                    + ", not " + configuredAccount);
        }
        Principal user = iam.ensureAdmin(account, setting(store, "admin_user_id"));
        String keyId = setting(store, "admin_access_key_id");
        if (keyId == null) {
            keyId = IamIds.accessKeyId();
            String secret = IamIds.secretAccessKey();
            credentials.create(keyId, secret, withKey(user, keyId), java.time.Instant.now());
            String key = keyId;
            store.write(tx -> {
                tx.put(SETTINGS, new Row("admin_user_id", Map.of(), user.principalId().getBytes(UTF_8)));
                return tx.insert(SETTINGS, new Row("admin_access_key_id", Map.of(), key.getBytes(UTF_8)));
            });
            writeCliFiles(dataDir, key, secret);
        }
        return new Admin(account, withKey(user, keyId), keyId);
    }

    private static Principal withKey(Principal user, String keyId) {
        return new Principal(user.type(), user.principalId(), user.arn(), user.accountId(), user.name(), keyId);
    }

    private static void writeCliFiles(Path dataDir, String keyId, String secret) {
        writePrivate(dataDir.resolve("credentials"), "[" + PROFILE + "]\naws_access_key_id = " + keyId
                + "\naws_secret_access_key = " + secret + "\n");
        writePrivate(dataDir.resolve("config"), "[profile " + PROFILE + "]\nregion = " + REGION + "\noutput = json\n");
    }

    /** The admin's secret access key, read back from the credentials file written at first start. */
    static String secretFromCredentialsFile(Path dataDir) throws IOException {
        String prefix = "aws_secret_access_key = ";
        for (String line : Files.readAllLines(dataDir.resolve("credentials"))) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        throw new IOException("no aws_secret_access_key in " + dataDir.resolve("credentials"));
    }

    private static void writePrivate(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static @Nullable String setting(Store store, String name) {
        Row row = store.get(SETTINGS, name);
        return row == null ? null : new String(row.value(), UTF_8);
    }

    /** A random account id: twelve digits, the first not zero. */
    private static String randomAccountId() {
        StringBuilder out = new StringBuilder("1");
        for (int i = 1; i < 12; i++) {
            out.append(RANDOM.nextInt(10));
        }
        return out.toString();
    }
}
