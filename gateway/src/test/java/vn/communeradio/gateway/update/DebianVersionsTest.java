package vn.communeradio.gateway.update;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of Debian versions, checked against dpkg itself on every pair. */
class DebianVersionsTest {

    private static final List<String> VERSIONS = List.of("0.1.0~snapshot20261129070236", "0.1.0~snapshot20261129070236+next",
            "0.1.0", "0.1.0+next", "0.1.0-1", "0.1.0-1.1", "0.1.1~rc1", "0.1.1", "0.1.10", "0.2", "0.10.0", "1.0~~",
            "1.0~", "1.0", "1.0a", "1.0.0", "1:0.0.1", "2:0.1", "1.0-0", "1.0-a", "1.0+b1", "1.000.3");

    @Test
    void ordersAsDpkgDoes() throws Exception {
        for (String a : VERSIONS) {
            for (String b : VERSIONS) {
                assertEquals(dpkg(a, b), Integer.signum(DebianVersions.compare(a, b)), a + " vs " + b);
            }
        }
    }

    private static int dpkg(String a, String b) throws Exception {
        if (run(a, "lt", b) == 0) {
            return -1;
        }
        return run(a, "eq", b) == 0 ? 0 : 1;
    }

    private static int run(String a, String op, String b) throws Exception {
        return new ProcessBuilder("dpkg", "--compare-versions", a, op, b).inheritIO().start().waitFor();
    }
}
