package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.barrier.KeyfileRootKey;
import dev.garrison.platform.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens and what earns them: signing, token domains, immunity, the proof of work. */
class TokensTest {
    static Path dir;
    static Database database;
    static TokenSigner signer;
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @BeforeAll
    static void open() throws Exception {
        dir = Files.createTempDirectory("garrison-tokens");
        database = Database.sqlite(dir.resolve("waf.db"));
        signer = new TokenSigner(database.migrate("waf"),
                Barrier.open(KeyfileRootKey.openOrCreate(dir.resolve("root.key")), database.migrate("platform")));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    static WebRequest request(String host, String cookie) {
        return new WebRequest("GET", "/", "", List.of(Map.entry("Cookie", cookie)), "", 0, 8192, new byte[4],
                "127.0.0.1", host, null);
    }

    @Test
    void theSigningKeyIsMadeOnceAndOutlivesARestart() {
        String signed = signer.sign("token", "payload");
        TokenSigner again = new TokenSigner(database.migrate("waf"),
                Barrier.open(KeyfileRootKey.openOrCreate(dir.resolve("root.key")), database.migrate("platform")));
        assertThat(again.verify("token", signed)).isEqualTo("payload");
        assertThat(signer.verify("challenge", signed)).as("another label").isNull();
        String tampered = (signed.charAt(0) == 'A' ? 'B' : 'A') + signed.substring(1); // a payload bit, not padding
        assertThat(signer.verify("token", tampered)).isNull();
    }

    @Test
    void tokenDomainsCoverTheirSubdomainsAndNothingElse() {
        TokenPolicy policy = new TokenPolicy(signer, List.of("example.com"), 300, 300);
        assertThat(policy.issuingDomain("Shop.Example.com")).isEqualTo("example.com");
        assertThat(policy.issuingDomain("other.org")).isEqualTo("other.org");

        String shared = new WafToken("example.com", NOW.getEpochSecond(), 0, "id").encode(signer);
        assertThat(policy.read(request("shop.example.com", "a=1; aws-waf-token=" + shared)).status())
                .isEqualTo(TokenState.Status.PRESENT);
        assertThat(policy.read(request("example.com.evil.org", "aws-waf-token=" + shared)).status())
                .isEqualTo(TokenState.Status.DOMAIN_MISMATCH);
        String own = new WafToken("a.example.com", NOW.getEpochSecond(), 0, "id").encode(signer);
        assertThat(policy.read(request("b.example.com", "aws-waf-token=" + own)).status())
                .as("a host's own token is for that host").isEqualTo(TokenState.Status.DOMAIN_MISMATCH);
        assertThat(new TokenPolicy(signer, List.of(), 300, 300).read(request("shop.example.com", "aws-waf-token=" + shared))
                .status()).as("without the token domain").isEqualTo(TokenState.Status.DOMAIN_MISMATCH);
        assertThat(policy.read(request("example.com", "aws-waf-token=garbage")).status()).isEqualTo(TokenState.Status.INVALID);
        assertThat(policy.read(request("example.com", "other=1")).status()).isEqualTo(TokenState.Status.ABSENT);
    }

    @Test
    void aSolveCountsForTheImmunityTimeOfWhatWasSolved() {
        TokenState state = new TokenState(TokenState.Status.PRESENT,
                new WafToken("example.com", NOW.getEpochSecond() - 300, 0, "id"));
        assertThat(state.failure(ActionPlan.Kind.CHALLENGE, 300, NOW)).isNull();
        assertThat(state.failure(ActionPlan.Kind.CHALLENGE, 299, NOW)).isEqualTo("TOKEN_EXPIRED");
        assertThat(state.failure(ActionPlan.Kind.CAPTCHA, 300, NOW)).isEqualTo("TOKEN_MISSING");
        assertThat(TokenState.ABSENT.failure(ActionPlan.Kind.CAPTCHA, 300, NOW)).isEqualTo("TOKEN_MISSING");
    }

    @Test
    void theProofOfWorkTakesTheRightNonceForItsDomainWhileFresh() {
        ProofOfWork work = new ProofOfWork(signer);
        String challenge = work.issue("example.com", NOW);
        long nonce = 0;
        while (ProofOfWork.leadingZeroBits(ProofOfWork.sha256(challenge + ":" + nonce)) < ProofOfWork.DIFFICULTY) {
            nonce++;
        }
        String answer = Long.toString(nonce);
        assertThat(work.solved(challenge, answer, "example.com", NOW.plusSeconds(60))).isTrue();
        long wrong = 0;
        while (ProofOfWork.leadingZeroBits(ProofOfWork.sha256(challenge + ":" + wrong)) >= ProofOfWork.DIFFICULTY) {
            wrong++;
        }
        String unsolved = Long.toString(wrong);
        assertThat(work.solved(challenge, unsolved, "example.com", NOW)).as("a nonce that does not solve it").isFalse();
        assertThat(work.solved(challenge, answer, "other.org", NOW)).isFalse();
        assertThat(work.solved(challenge, answer, "example.com", NOW.plusSeconds(301))).as("stale").isFalse();
        assertThat(work.solved(challenge, "-1", "example.com", NOW)).isFalse();
    }
}
