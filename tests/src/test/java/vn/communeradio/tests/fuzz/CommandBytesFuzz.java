package vn.communeradio.tests.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import vn.communeradio.gateway.command.CommandVerifier;
import vn.communeradio.tests.support.SigningKeys;

/**
 * Raw MQTT payload bytes at the command verifier, as a station meets them on its command topic: JWS shape,
 * base64url, header JSON, key lookup, signature. Seeds are real commands signed by trusted keys and by a
 * stranger's key. Every input ends accepted or rejected with a code, within time and allocation bounds.
 */
class CommandBytesFuzz {

    private static StationSecurity station;
    private static CommandVerifier verifier;

    @BeforeAll
    static void station() throws Exception {
        station = new StationSecurity();
        verifier = station.freshVerifier();
        List<byte[]> seeds = new ArrayList<>();
        var stranger = SigningKeys.stranger("district-058");
        for (var claims : station.seedClaims()) {
            for (int key = 0; key < StationSecurity.KIDS.size(); key++) {
                seeds.add(station.signer(key).sign(claims).getBytes(StandardCharsets.US_ASCII));
            }
            seeds.add(stranger.sign(claims).getBytes(StandardCharsets.US_ASCII));
        }
        Seeds.plant(CommandBytesFuzz.class, "payloadEndsCleanly", seeds);
    }

    private static final InputBounds BOUNDS = new InputBounds(1000, 16L << 20);

    @FuzzTest(maxDuration = Durations.CI)
    void payloadEndsCleanly(byte[] payload) throws Exception {
        // a real signed seed is accepted once, then its jti is a replay: rejected before the arguments, as it should be
        BOUNDS.check(payload, () -> StationSecurity.assertClean(verifier.verify(payload, StationSecurity.TARGET,
                payload.length > 0 && payload[0] == 'r')));
    }
}
