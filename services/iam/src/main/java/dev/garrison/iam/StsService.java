package dev.garrison.iam;

import dev.garrison.api.sts.AssumeRoleRequest;
import dev.garrison.api.sts.AssumeRoleResponse;
import dev.garrison.api.sts.AssumedRoleUser;
import dev.garrison.api.sts.Credentials;
import dev.garrison.api.sts.GetCallerIdentityRequest;
import dev.garrison.api.sts.GetCallerIdentityResponse;
import dev.garrison.api.sts.GetSessionTokenRequest;
import dev.garrison.api.sts.GetSessionTokenResponse;
import dev.garrison.api.sts.MalformedPolicyDocumentException;
import dev.garrison.api.sts.PackedPolicyTooLargeException;
import dev.garrison.api.sts.PolicyDescriptorType;
import dev.garrison.api.sts.StsApi;
import dev.garrison.platform.auth.StoredCredentials;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.OperationResources;
import dev.garrison.platform.core.Principal;
import dev.garrison.platform.policy.PolicyException;
import dev.garrison.platform.policy.PolicyParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * AWS STS: who am I, temporary credentials for an IAM user, and role sessions whose trust
 * policy, role policies and session policies decide what they may do until they expire.
 */
public final class StsService implements StsApi, OperationResources {
    /** Calls the front door does not authorize: no permission needed, or (AssumeRole) judged here with the trust policy. */
    private static final Set<String> SELF_AUTHORIZED = Set.of("GetCallerIdentity", "GetSessionToken", "AssumeRole");
    private static final int DEFAULT_USER_SESSION_SECONDS = 43_200;
    /** A role session assuming another role gets at most an hour, whatever the role allows. */
    private static final int ROLE_CHAINING_SECONDS = 3600;
    /** Session policies are packed; AWS refuses those past its packed size, about 2,048 characters of plain text. */
    private static final int PACKED_POLICY_LIMIT = 2048;

    private final IamStore store;
    private final StoredCredentials credentials;
    private final IamAuthorizer authorizer;
    private final PolicyDocuments documents;
    private final MfaDevices mfa;
    private final Clock clock;

    StsService(IamStore store, StoredCredentials credentials, IamAuthorizer authorizer, PolicyDocuments documents,
            MfaDevices mfa, Clock clock) {
        this.mfa = mfa;
        this.store = store;
        this.credentials = credentials;
        this.authorizer = authorizer;
        this.documents = documents;
        this.clock = clock;
    }

    @Override
    public @Nullable String resourceArn(CallContext call, String operation, Map<String, Object> request) {
        return SELF_AUTHORIZED.contains(operation) ? null : "*";
    }

    @Override
    public GetCallerIdentityResponse getCallerIdentity(CallContext call, GetCallerIdentityRequest request) {
        return GetCallerIdentityResponse.builder()
                .account(call.principal().accountId())
                .arn(call.principal().arn())
                .userId(call.principal().principalId())
                .build();
    }

    @Override
    public AssumeRoleResponse assumeRole(CallContext call, AssumeRoleRequest request) {
        IamRole role = roleNamedBy(request.roleArn());
        if (role == null) {
            throw CommonErrors.of(CommonErrors.Kind.ACCESS_DENIED, "User: " + call.principal().arn()
                    + " is not authorized to perform: sts:AssumeRole on resource: " + request.roleArn());
        }
        Instant mfaAt = multiFactor(call, request.serialNumber(), request.tokenCode());
        authorizer.authorize(mfaAt == null ? call : withMfa(call, mfaAt), "sts:AssumeRole", role.arn(), Map.of(),
                documents.parsed(role.trustPolicy(), PolicyParser.Kind.RESOURCE), false);
        int seconds = request.durationSeconds() == null ? RoleOperations.DEFAULT_SESSION_SECONDS : request.durationSeconds();
        if (call.principal().type().equals("AssumedRole") && seconds > ROLE_CHAINING_SECONDS) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION,
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        if (seconds > role.maxSessionDuration()) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION,
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        List<String> sessionPolicies = request.policy() == null ? List.of() : List.of(sessionPolicy(request.policy()));
        List<String> policyArns = request.policyArns() == null ? List.of()
                : request.policyArns().stream().map(PolicyDescriptorType::arn).filter(a -> a != null).toList();
        String account = role.arn().split(":")[4];
        String keyId = IamIds.sessionAccessKeyId();
        Principal session = new Principal("AssumedRole", role.roleId() + ":" + request.roleSessionName(),
                IamArns.assumedRole(account, role.roleName(), request.roleSessionName()), account,
                request.roleSessionName(), keyId, mfaAt);
        Instant expires = clock.instant().plus(Duration.ofSeconds(seconds));
        store.write(tx -> {
            tx.put(IamStore.SESSIONS, IamStore.sessionRow(new RoleSession(keyId, role.roleName(), request.roleSessionName(),
                    expires, sessionPolicies, policyArns)));
            return null;
        });
        Credentials issued = issue(keyId, session, expires);
        AssumeRoleResponse.Builder response = AssumeRoleResponse.builder().credentials(issued)
                .assumedRoleUser(AssumedRoleUser.builder().arn(session.arn()).assumedRoleId(session.principalId()).build());
        if (request.policy() != null) {
            response.packedPolicySize(packedSize(request.policy()));
        }
        return response.build();
    }

    @Override
    public GetSessionTokenResponse getSessionToken(CallContext call, GetSessionTokenRequest request) {
        Principal caller = call.principal();
        if (!caller.type().equals("IAMUser")) {
            throw CommonErrors.of(CommonErrors.Kind.ACCESS_DENIED, "Cannot call GetSessionToken with session credentials");
        }
        int seconds = request.durationSeconds() == null ? DEFAULT_USER_SESSION_SECONDS : request.durationSeconds();
        String keyId = IamIds.sessionAccessKeyId();
        Principal session = new Principal(caller.type(), caller.principalId(), caller.arn(), caller.accountId(),
                caller.name(), keyId, multiFactor(call, request.serialNumber(), request.tokenCode()));
        return GetSessionTokenResponse.builder()
                .credentials(issue(keyId, session, clock.instant().plus(Duration.ofSeconds(seconds)))).build();
    }

    /**
     * When the new session is MFA-authenticated: now, if the caller (an IAM user) gave a serial
     * number and a current code of a device enabled for it; null when it gave neither. A code
     * without a device, a device without a code, or a wrong code is refused.
     */
    private @Nullable Instant multiFactor(CallContext call, @Nullable String serialNumber, @Nullable String tokenCode) {
        if (serialNumber == null && tokenCode == null) {
            return null;
        }
        if (serialNumber == null || tokenCode == null) {
            throw CommonErrors.of(CommonErrors.Kind.ACCESS_DENIED,
                    "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.");
        }
        Principal caller = call.principal();
        if (!caller.type().equals("IAMUser")) {
            throw CommonErrors.of(CommonErrors.Kind.ACCESS_DENIED,
                    "MultiFactorAuthentication failed with invalid MFA one time pass code. ");
        }
        mfa.authenticate(caller.name(), serialNumber, tokenCode);
        return clock.instant();
    }

    /** The call as the trust policy sees it once the caller has passed MFA ({@code aws:MultiFactorAuthPresent}). */
    private static CallContext withMfa(CallContext call, Instant mfaAt) {
        Principal p = call.principal();
        return new CallContext(call.requestId(), new Principal(p.type(), p.principalId(), p.arn(), p.accountId(), p.name(),
                p.accessKeyId(), mfaAt), call.region(), call.sourceIp(), call.userAgent(), call.receivedAt(),
                call.secureTransport());
    }

    private Credentials issue(String keyId, Principal principal, Instant expires) {
        String secret = IamIds.secretAccessKey();
        String token = IamIds.sessionToken();
        credentials.createSession(keyId, secret, token, principal, clock.instant(), expires);
        return Credentials.builder().accessKeyId(keyId).secretAccessKey(secret).sessionToken(token).expiration(expires)
                .build();
    }

    /** The role an ARN names, when the ARN is exactly that role's (path included). */
    private @Nullable IamRole roleNamedBy(String roleArn) {
        String[] parts = roleArn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("iam") || !parts[5].startsWith("role/")) {
            return null;
        }
        IamRole role = store.role(parts[5].substring(parts[5].lastIndexOf('/') + 1));
        return role != null && role.arn().equals(roleArn) ? role : null;
    }

    private String sessionPolicy(String policy) {
        try {
            PolicyParser.parse(policy, PolicyParser.Kind.IDENTITY);
        } catch (PolicyException e) {
            throw new MalformedPolicyDocumentException(e.getMessage());
        }
        if (packedSize(policy) > 100) {
            throw new PackedPolicyTooLargeException("Packed policy consumes " + packedSize(policy)
                    + "% of allotted space, please use smaller policy for the request.");
        }
        return policy;
    }

    private static int packedSize(String policy) {
        long chars = policy.codePoints().filter(c -> !Character.isWhitespace(c)).count();
        return (int) Math.ceil(chars * 100.0 / PACKED_POLICY_LIMIT);
    }
}
