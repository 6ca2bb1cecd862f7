package dev.garrison.waf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ARNs of declared load balancers, listeners and target groups, in Elastic Load Balancing's
 * form. Their ids derive from the names, so an ARN stays the same across restarts and a web ACL
 * association survives them.
 */
record ElbNames(String region, String account) {
    String loadBalancer(String name) {
        return prefix() + "loadbalancer/app/" + name + "/" + id("lb", name);
    }

    String listener(String loadBalancer, int port) {
        return prefix() + "listener/app/" + loadBalancer + "/" + id("lb", loadBalancer) + "/" + id("listener", loadBalancer + ":" + port);
    }

    String targetGroup(String loadBalancer, String name) {
        return prefix() + "targetgroup/" + name + "/" + id("tg", loadBalancer + "/" + name);
    }

    private String prefix() {
        return "arn:aws:elasticloadbalancing:" + region + ":" + account + ":";
    }

    private String id(String kind, String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((account + "/" + region + "/" + kind + "/" + name).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
