package dev.garrison.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.api.iam.CreateVirtualMFADeviceRequest;
import dev.garrison.api.iam.CreateVirtualMFADeviceResponse;
import dev.garrison.api.iam.DeleteConflictException;
import dev.garrison.api.iam.EntityAlreadyExistsException;
import dev.garrison.api.iam.GetMFADeviceResponse;
import dev.garrison.api.iam.InvalidAuthenticationCodeException;
import dev.garrison.api.iam.LimitExceededException;
import dev.garrison.api.iam.ListMFADevicesResponse;
import dev.garrison.api.iam.ListVirtualMFADevicesResponse;
import dev.garrison.api.iam.MFADevice;
import dev.garrison.api.iam.NoSuchEntityException;
import dev.garrison.api.iam.VirtualMFADevice;
import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Virtual MFA devices: created with a random seed (handed out once, as base32 and as a QR code,
 * then kept sealed by the barrier), enabled for a user with two consecutive codes, and asked by
 * STS for a code when a session is to carry MFA. A code is good in its 30-second step or the
 * ones either side, and only once: a step used is never accepted again.
 */
final class MfaDevices {
    static final String TABLE = "iam_mfa_devices";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Devices one user may have enabled, as IAM allows. */
    private static final int PER_USER = 8;
    /** How many steps back an enabling pair may start, for an app clock running a little slow. */
    private static final int ENABLE_WINDOW = 10;

    /** A stored device. */
    private record Device(String serial, String name, String path, Instant created, byte[] sealedSeed,
            @Nullable String userName, @Nullable Instant enabled, long lastStep) {

        /** The device enabled for {@code user} at {@code at} (null for none), codes up to {@code step} used. */
        Device assignedTo(@Nullable String user, @Nullable Instant at, long step) {
            return new Device(serial, name, path, created, sealedSeed, user, at, step);
        }

        /** The device with codes up to {@code step} used. */
        Device used(long step) {
            return assignedTo(userName, enabled, step);
        }
    }

    private final Store store;
    private final Barrier barrier;
    private final UserOperations users;
    private final Clock clock;

    MfaDevices(Store store, Barrier barrier, UserOperations users, Clock clock) {
        this.store = store;
        this.barrier = barrier;
        this.users = users;
        this.clock = clock;
    }

    CreateVirtualMFADeviceResponse create(String account, CreateVirtualMFADeviceRequest request) {
        String path = request.path() == null ? "/" : request.path();
        String serial = "arn:aws:iam::" + account + ":mfa" + path + request.virtualMFADeviceName();
        byte[] seed = new byte[20];
        RANDOM.nextBytes(seed);
        Device device = new Device(serial, request.virtualMFADeviceName(), path, clock.instant(),
                barrier.seal(seed, aad(serial)), null, null, -1);
        List<Row> tagRows = TagOperations.rowsFor(IamStore.mfaOwner(serial), request.tags());
        boolean created = store.write(tx -> {
            if (!tx.insert(TABLE, row(device))) {
                return false;
            }
            tagRows.forEach(tag -> tx.put(IamStore.TAGS, tag));
            return true;
        });
        if (!created) {
            throw new EntityAlreadyExistsException("MFADevice entity at the same path and name already exists.");
        }
        String base32 = Totp.base32(seed);
        byte[] qr = QrCodes.png("otpauth://totp/Garrison:" + request.virtualMFADeviceName() + "@" + account + "?secret=" + base32
                + "&issuer=Garrison");
        return CreateVirtualMFADeviceResponse.builder().virtualMFADevice(VirtualMFADevice.builder().serialNumber(serial)
                .base32StringSeed(base32.getBytes(StandardCharsets.US_ASCII)).qrCodePNG(qr).tags(request.tags()).build())
                .build();
    }

    void enable(String userName, String serial, String code1, String code2) {
        IamUser user = users.existing(userName);
        store.write(tx -> {
            Device device = device(tx.get(TABLE, serial), serial);
            if (device.userName() != null) {
                throw new EntityAlreadyExistsException("MFA Device is already in use.");
            }
            if (store.find(TABLE, "user_key", IamStore.key(user.userName())).size() >= PER_USER) {
                throw new LimitExceededException("Cannot exceed quota for MFADevicesPerUser: " + PER_USER);
            }
            long now = Totp.step(clock.instant());
            long second = consecutive(device, code1, code2, now - ENABLE_WINDOW, now);
            tx.put(TABLE, row(device.assignedTo(user.userName(), clock.instant(), second)));
            return null;
        });
    }

    void resync(String userName, String serial, String code1, String code2) {
        store.write(tx -> {
            Device device = assigned(tx.get(TABLE, serial), serial, userName);
            long now = Totp.step(clock.instant());
            tx.put(TABLE, row(device.used(consecutive(device, code1, code2, now - 2 * ENABLE_WINDOW, now + ENABLE_WINDOW))));
            return null;
        });
    }

    /**
     * The step of {@code code2} when {@code code1} and {@code code2} are the device's codes for two
     * consecutive steps, the first between {@code from} and {@code to}; InvalidAuthenticationCode otherwise.
     */
    private long consecutive(Device device, String code1, String code2, long from, long to) {
        byte[] seed = seed(device);
        for (long step = from; step <= to; step++) {
            if (Totp.code(seed, step).equals(code1) && Totp.code(seed, step + 1).equals(code2)) {
                return step + 1;
            }
        }
        throw new InvalidAuthenticationCodeException("Authentication code for device is not valid.");
    }

    void deactivate(String userName, String serial) {
        store.write(tx -> {
            Device device = assigned(tx.get(TABLE, serial), serial, userName);
            tx.put(TABLE, row(device.assignedTo(null, null, device.lastStep())));
            return null;
        });
    }

    void delete(String serial) {
        List<Row> tags = store.find(IamStore.TAGS, "owner", IamStore.mfaOwner(serial));
        store.write(tx -> {
            Device device = device(tx.get(TABLE, serial), serial);
            if (device.userName() != null) {
                throw new DeleteConflictException("MFA device is still in use.");
            }
            tags.forEach(tag -> tx.delete(IamStore.TAGS, tag.id()));
            return tx.delete(TABLE, serial);
        });
    }

    /** The serial number of a device that exists, or NoSuchEntity. */
    String existing(String serial) {
        return device(store.get(TABLE, serial), serial).serial();
    }

    ListMFADevicesResponse list(String userName, @Nullable String marker, @Nullable Integer maxItems) {
        IamUser user = users.existing(userName);
        List<MFADevice> devices = store.find(TABLE, "user_key", IamStore.key(user.userName())).stream().map(MfaDevices::read)
                .sorted(Comparator.comparing(Device::serial))
                .map(d -> MFADevice.builder().userName(d.userName()).serialNumber(d.serial()).enableDate(d.enabled()).build())
                .toList();
        Page<MFADevice> page = Page.of(devices, MFADevice::serialNumber, marker, maxItems);
        return ListMFADevicesResponse.builder().mfaDevices(page.items()).isTruncated(page.truncated()).marker(page.marker())
                .build();
    }

    ListVirtualMFADevicesResponse listVirtual(@Nullable String assignment, @Nullable String marker, @Nullable Integer maxItems) {
        String status = assignment == null ? "Any" : assignment;
        List<VirtualMFADevice> devices = store.all(TABLE).stream().map(MfaDevices::read)
                .filter(d -> status.equals("Any") || (d.userName() != null) == status.equals("Assigned"))
                .sorted(Comparator.comparing(Device::serial))
                .map(d -> VirtualMFADevice.builder().serialNumber(d.serial()).enableDate(d.enabled())
                        .user(d.userName() == null ? null : UserOperations.shape(users.existing(d.userName()))).build())
                .toList();
        Page<VirtualMFADevice> page = Page.of(devices, VirtualMFADevice::serialNumber, marker, maxItems);
        return ListVirtualMFADevicesResponse.builder().virtualMFADevices(page.items()).isTruncated(page.truncated())
                .marker(page.marker()).build();
    }

    GetMFADeviceResponse get(@Nullable String userName, String serial) {
        Device device = device(store.get(TABLE, serial), serial);
        if (device.userName() == null || userName != null && !IamStore.key(userName).equals(IamStore.key(device.userName()))) {
            throw new NoSuchEntityException("MFA Device with serial number " + serial + " does not exist.");
        }
        return GetMFADeviceResponse.builder().userName(device.userName()).serialNumber(serial).enableDate(device.enabled())
                .build();
    }

    /** Whether the user has any device enabled (a user with one cannot be deleted). */
    boolean any(String userName) {
        return !store.find(TABLE, "user_key", IamStore.key(userName)).isEmpty();
    }

    /**
     * Checks a code from the device {@code serial} of {@code userName} for a session that is to
     * carry MFA, and uses its step up; refused with AWS's AccessDenied otherwise.
     */
    void authenticate(String userName, String serial, String code) {
        boolean passed = store.write(tx -> {
            Row row = tx.get(TABLE, serial);
            if (row == null) {
                return false;
            }
            Device device = read(row);
            if (device.userName() == null || !IamStore.key(device.userName()).equals(IamStore.key(userName))) {
                return false;
            }
            byte[] seed = seed(device);
            long now = Totp.step(clock.instant());
            for (long step = Math.max(now - 1, device.lastStep() + 1); step <= now + 1; step++) {
                if (Totp.code(seed, step).equals(code)) {
                    tx.put(TABLE, row(device.used(step)));
                    return true;
                }
            }
            return false;
        });
        if (!passed) {
            throw CommonErrors.of(CommonErrors.Kind.ACCESS_DENIED,
                    "MultiFactorAuthentication failed with invalid MFA one time pass code. ");
        }
    }

    private Device assigned(@Nullable Row row, String serial, String userName) {
        Device device = device(row, serial);
        if (device.userName() == null || !IamStore.key(device.userName()).equals(IamStore.key(userName))) {
            throw new NoSuchEntityException("MFA Device with serial number " + serial + " does not exist.");
        }
        return device;
    }

    private static Device device(@Nullable Row row, String serial) {
        if (row == null) {
            throw new NoSuchEntityException("VirtualMFADevice with serial number " + serial + " doesn't exist.");
        }
        return read(row);
    }

    private byte[] seed(Device device) {
        return barrier.open(device.sealedSeed(), aad(device.serial()));
    }

    private static String aad(String serial) {
        return TABLE + "/" + serial;
    }

    private static Row row(Device device) {
        ObjectNode value = JSON.createObjectNode().put("name", device.name()).put("path", device.path())
                .put("created", device.created().toString())
                .put("seed", Base64.getEncoder().encodeToString(device.sealedSeed())).put("lastStep", device.lastStep());
        if (device.userName() != null) {
            value.put("user", device.userName()).put("enabled", device.enabled().toString());
        }
        try {
            return new Row(device.serial(), Map.of("user_key", device.userName() == null ? "" : IamStore.key(device.userName())),
                    JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Device read(Row row) {
        try {
            JsonNode value = JSON.readTree(row.value());
            return new Device(row.id(), value.get("name").asText(), value.get("path").asText(),
                    Instant.parse(value.get("created").asText()), Base64.getDecoder().decode(value.get("seed").asText()),
                    value.has("user") ? value.get("user").asText() : null,
                    value.has("enabled") ? Instant.parse(value.get("enabled").asText()) : null, value.get("lastStep").asLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
