package dev.garrison.waf;

import dev.garrison.api.wafv2.GenerateMobileSdkReleaseUrlResponse;
import dev.garrison.api.wafv2.GetMobileSdkReleaseResponse;
import dev.garrison.api.wafv2.ListMobileSdkReleasesRequest;
import dev.garrison.api.wafv2.ListMobileSdkReleasesResponse;
import java.util.List;

/**
 * ListMobileSdkReleases, GetMobileSdkRelease and GenerateMobileSdkReleaseUrl over the releases of
 * the SDK with which iOS and Android apps fetch WAF tokens. Garrison has no such SDK (its
 * Challenge and Captcha tokens come from its interstitial pages), so there is no release on either
 * platform: the list is empty and a named release does not exist.
 */
final class MobileSdkReleases {
    ListMobileSdkReleasesResponse list(ListMobileSdkReleasesRequest request) {
        if (request.nextMarker() != null) {
            throw WafErrors.badMarker();
        }
        return new ListMobileSdkReleasesResponse(null, List.of());
    }

    GetMobileSdkReleaseResponse get() {
        throw WafErrors.nonexistent();
    }

    GenerateMobileSdkReleaseUrlResponse url() {
        throw WafErrors.nonexistent();
    }
}
