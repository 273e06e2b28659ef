package vn.communeradio.gateway.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Default routes read from files in the kernel's formats (lines as a Debian 12 kernel writes them). */
class RouteTableTest {

    private static final String V4_HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\t"
            + "Window\tIRTT\n";
    private static final String V4_DEFAULT = "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n";
    private static final String V4_LAN = "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";
    private static final String V6_LINK_LOCAL = "fe800000000000000000000000000000 40 00000000000000000000000000000000 "
            + "00 00000000000000000000000000000000 00000100 00000002 00000000 00000001     eth0\n";
    private static final String V6_DEFAULT = "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
            + "fd000000000000000000000000000001 00000400 00000003 00000000 00000003     wwan0\n";
    /** The kernel's catch-all: a reject route through loopback, present on every board with IPv6. */
    private static final String V6_UNREACHABLE = "00000000000000000000000000000000 00 "
            + "00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 "
            + "00200200       lo\n";

    @TempDir
    Path dir;

    private RouteTable.Answer answer(String v4, String v6) throws Exception {
        Path route = Files.writeString(dir.resolve("route"), v4);
        Path ipv6 = Files.writeString(dir.resolve("ipv6_route"), v6);
        return new RouteTable(List.of(route, ipv6)).defaultRoute();
    }

    @Test
    void anIpv4DefaultRouteCounts() throws Exception {
        assertEquals(RouteTable.Answer.ROUTE, answer(V4_HEADER + V4_LAN + V4_DEFAULT, V6_UNREACHABLE));
    }

    @Test
    void anIpv6DefaultRouteAloneCounts() throws Exception {
        assertEquals(RouteTable.Answer.ROUTE, answer(V4_HEADER, V6_LINK_LOCAL + V6_DEFAULT + V6_UNREACHABLE));
    }

    @Test
    void onlyLocalRoutesAndTheLoopbackRejectRouteMeanNoRoute() throws Exception {
        assertEquals(RouteTable.Answer.NO_ROUTE, answer(V4_HEADER + V4_LAN, V6_LINK_LOCAL + V6_UNREACHABLE));
    }

    @Test
    void aDefaultRouteThatIsDownDoesNotCount() throws Exception {
        assertEquals(RouteTable.Answer.NO_ROUTE,
                answer(V4_HEADER + V4_DEFAULT.replace("\t0003\t", "\t0002\t"), ""));
    }

    @Test
    void noReadableTableIsUnknownNotNoRoute() {
        assertEquals(RouteTable.Answer.UNKNOWN,
                new RouteTable(List.of(dir.resolve("missing"), dir.resolve("missing6"))).defaultRoute());
    }

    @Test
    void thisMachinesKernelTablesAreReadableWithoutPrivileges() {
        assertNotEquals(RouteTable.Answer.UNKNOWN, new RouteTable(RouteTable.KERNEL).defaultRoute());
    }
}
