package dev.garrison.iam;

import dev.garrison.api.sts.GetCallerIdentityRequest;
import dev.garrison.api.sts.GetCallerIdentityResponse;
import dev.garrison.api.sts.StsApi;
import dev.garrison.platform.core.AwsShape;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.OperationResources;
import org.jspecify.annotations.Nullable;

/** AWS STS. Only {@code GetCallerIdentity} so far; the identity issue adds the rest. */
public final class StsService implements StsApi, OperationResources {
    /** GetCallerIdentity needs no permission: AWS answers it even when every action is denied. */
    @Override
    public @Nullable String resourceArn(CallContext call, String operation, @Nullable AwsShape input) {
        return operation.equals("GetCallerIdentity") ? null : "*";
    }

    @Override
    public GetCallerIdentityResponse getCallerIdentity(CallContext call, GetCallerIdentityRequest request) {
        return GetCallerIdentityResponse.builder()
                .account(call.principal().accountId())
                .arn(call.principal().arn())
                .userId(call.principal().principalId())
                .build();
    }
}
