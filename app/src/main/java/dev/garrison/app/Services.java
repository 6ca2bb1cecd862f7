package dev.garrison.app;

import dev.garrison.api.cloudtrail.CloudtrailOperations;
import dev.garrison.api.elbv2.Elbv2Operations;
import dev.garrison.api.events.EventsOperations;
import dev.garrison.api.guardduty.GuarddutyApi;
import dev.garrison.api.guardduty.GuarddutyOperations;
import dev.garrison.api.iam.IamOperations;
import dev.garrison.api.inspector2.Inspector2Api;
import dev.garrison.api.inspector2.Inspector2Operations;
import dev.garrison.api.kms.KmsOperations;
import dev.garrison.api.sts.StsOperations;
import dev.garrison.api.wafv2.Wafv2Operations;
import dev.garrison.cloudtrail.CloudtrailService;
import dev.garrison.events.EventsService;
import dev.garrison.iam.IamService;
import dev.garrison.kms.KmsService;
import dev.garrison.platform.core.ServiceOperations;
import dev.garrison.waf.WafService;
import java.util.List;

/**
 * Every service Garrison serves, in one explicit list. A service without an implementation yet is
 * its bare generated interface: each of its operations answers "not implemented".
 */
final class Services {
    private Services() {}

    static List<ServiceOperations> all(IamService iam, KmsService kms, WafService waf, CloudtrailService cloudtrail,
            EventsService events) {
        return List.of(
                StsOperations.bind(iam.sts()),
                IamOperations.bind(iam),
                KmsOperations.bind(kms),
                Wafv2Operations.bind(waf),
                Elbv2Operations.bind(waf.elbv2()),
                GuarddutyOperations.bind(new GuarddutyApi() {}),
                Inspector2Operations.bind(new Inspector2Api() {}),
                CloudtrailOperations.bind(cloudtrail),
                EventsOperations.bind(events));
    }
}
