package dev.garrison.bench;

/** Where a server listens and the access key that signs calls to it. */
public record BenchTarget(String host, int port, String region, String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
        return "BenchTarget[" + host + ":" + port + ", " + region + ", " + accessKeyId + "]";
    }
}
