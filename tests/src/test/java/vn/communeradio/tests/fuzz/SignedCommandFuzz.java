package vn.communeradio.tests.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import vn.communeradio.gateway.command.Keys;
import vn.communeradio.gateway.command.Outcome;
import vn.communeradio.gateway.json.Json;

/**
 * Claims chosen by the fuzzer, validly signed by a trusted key, so that mutations get past the signature and
 * exercise the JSON, claim and argument checks: every input ends accepted or rejected with a code.
 * The first byte picks the key (plain, emergency, admin); the rest is the claims JSON, signed as it is.
 */
class SignedCommandFuzz {

    private static StationSecurity station;

    @BeforeAll
    static void station() throws Exception {
        station = new StationSecurity();
        List<byte[]> seeds = new ArrayList<>();
        for (var claims : station.seedClaims()) {
            for (int key = 0; key < StationSecurity.KIDS.size(); key++) {
                byte[] json = Json.write(claims).getBytes(StandardCharsets.UTF_8);
                byte[] seed = new byte[json.length + 1];
                seed[0] = (byte) key;
                System.arraycopy(json, 0, seed, 1, json.length);
                seeds.add(seed);
            }
        }
        Seeds.plant(SignedCommandFuzz.class, "signedClaimsEndCleanly", seeds);
    }

    private static final InputBounds BOUNDS = new InputBounds(1000, 16L << 20);

    @FuzzTest(maxDuration = Durations.CI)
    void signedClaimsEndCleanly(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        byte[] token = station.sign(input[0], java.util.Arrays.copyOfRange(input, 1, input.length));
        var verifier = station.freshVerifier();
        BOUNDS.check(input, () -> {
            Outcome outcome = verifier.verify(token, StationSecurity.TARGET, false);
            StationSecurity.assertClean(outcome);
            if (outcome instanceof Outcome.Accepted a && a.command() instanceof Keys) {
                station.restart(); // what is trusted changed
            }
        });
    }
}
