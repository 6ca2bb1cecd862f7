package dev.garrison.iam;

import dev.garrison.api.sts.GetCallerIdentityRequest;
import dev.garrison.api.sts.GetCallerIdentityResponse;
import dev.garrison.api.sts.StsApi;
import dev.garrison.platform.core.CallContext;

/** AWS STS. Only {@code GetCallerIdentity} so far; the identity issue adds the rest. */
public final class StsService implements StsApi {
    @Override
    public GetCallerIdentityResponse getCallerIdentity(CallContext call, GetCallerIdentityRequest request) {
        return GetCallerIdentityResponse.builder()
                .account(call.principal().accountId())
                .arn(call.principal().arn())
                .userId(call.principal().principalId())
                .build();
    }
}
