package vn.communeradio.tests.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A 4G-like link between a station and the test's own servers, built from network namespaces the test creates
 * (root privileges): the station runs in namespace {@code cr-ID-station} behind interface {@code wwan0}; its
 * packets cross namespace {@code cr-ID-air}, a bridge where nftables drops a share of them in flight, both ways,
 * and all of them during a {@link #blackout}; servers are reached through {@link DelayRelay}s in the test's
 * JVM, listening on the root namespace's end of the link ({@link #hostAddress}), which add the latency and
 * jitter. The kernel has no {@code tc netem} here; docs/reliability.md says how this differs from it.
 *
 * <pre>
 *  cr-ID-station          cr-ID-air (bridge, nft loss/blackout)        root namespace
 *  station ── wwan0 ═══ phone ── air0 ── tower ═══ crhID ── DelayRelay ── 127.0.0.1 broker, stream server
 * </pre>
 *
 * Names and the /29 subnet are unique per link; {@link #close} removes everything, also after a failure.
 */
public final class CellularLink implements AutoCloseable {

    /** What the link does to traffic: one-way latency {@code delay ± jitter} each way, and random loss each way. */
    public record Profile(Duration delay, Duration jitter, double lossPercent) {
        /** The 4G: 80 ms ± 40 ms, 1 % loss. */
        public static Profile fourG() {
            return new Profile(Duration.ofMillis(80), Duration.ofMillis(40), 1.0);
        }
    }

    /** Packet counts of the link's loss rules. */
    public record Packets(long seen, long lost) {
        public double lossPercent() {
            return seen == 0 ? 0 : 100.0 * lost / seen;
        }
    }

    private static final Random NAMES = new Random();

    private final String id;
    private final Profile profile;
    private final InetAddress hostAddress;
    private final InetAddress stationAddress;
    private final Path dir;
    private final List<DelayRelay> relays = new ArrayList<>();
    private final long seed;
    private boolean blackout;

    private CellularLink(String id, Profile profile, InetAddress host, InetAddress station, Path dir, long seed) {
        this.id = id;
        this.profile = profile;
        this.hostAddress = host;
        this.stationAddress = station;
        this.dir = dir;
        this.seed = seed;
    }

    /** Creates the namespaces, the link and its loss rules; {@code seed} makes the relays' delays repeatable. */
    public static CellularLink create(Profile profile, long seed) throws IOException, InterruptedException {
        String id = String.format(Locale.ROOT, "%04x", NAMES.nextInt(0x10000));
        String taken = Command.ok("ip", "-4", "-o", "addr", "show");
        int third;
        do {
            third = NAMES.nextInt(256);
        } while (taken.contains(" 10.213." + third + "."));
        InetAddress host = InetAddress.getByName("10.213." + third + ".1");
        InetAddress station = InetAddress.getByName("10.213." + third + ".2");
        CellularLink link = new CellularLink(id, profile, host, station, Files.createTempDirectory("cellular-"), seed);
        try {
            link.build(third);
        } catch (IOException | InterruptedException | RuntimeException e) {
            link.close();
            throw e;
        }
        return link;
    }

    private void build(int third) throws IOException, InterruptedException {
        String station = stationNamespace();
        String air = airNamespace();
        ip("netns", "add", air);
        ip("netns", "add", station);
        ip("link", "add", hostInterface(), "type", "veth", "peer", "name", "tower", "netns", air);
        ip("-n", air, "link", "add", "phone", "type", "veth", "peer", "name", "wwan0", "netns", station);
        ip("-n", air, "link", "add", "name", "air0", "type", "bridge", "stp_state", "0", "forward_delay", "0");
        ip("-n", air, "link", "set", "tower", "master", "air0");
        ip("-n", air, "link", "set", "phone", "master", "air0");
        for (String device : List.of("tower", "phone", "air0", "lo")) {
            ip("-n", air, "link", "set", device, "up");
        }
        ip("addr", "add", "10.213." + third + ".1/29", "dev", hostInterface());
        ip("link", "set", hostInterface(), "up");
        ip("-n", station, "addr", "add", "10.213." + third + ".2/29", "dev", "wwan0");
        ip("-n", station, "link", "set", "wwan0", "up");
        ip("-n", station, "link", "set", "lo", "up");
        // only IPv4 is lost: ARP stays whole, as a 4G modem has none to lose
        long basisPoints = Math.round(profile.lossPercent() * 100);
        nft("""
                table netdev loss {
                    chain to_station {
                        type filter hook ingress device "tower" priority 0;
                        meta protocol ip counter comment "seen"
                        meta protocol ip numgen random mod 10000 < %1$d counter drop comment "lost"
                    }
                    chain from_station {
                        type filter hook ingress device "phone" priority 0;
                        meta protocol ip counter comment "seen"
                        meta protocol ip numgen random mod 10000 < %1$d counter drop comment "lost"
                    }
                }
                """.formatted(basisPoints));
    }

    /** The root namespace's end of the link: where relays listen, and what the station connects to. */
    public InetAddress hostAddress() {
        return hostAddress;
    }

    public InetAddress stationAddress() {
        return stationAddress;
    }

    public String stationNamespace() {
        return "cr-" + id + "-station";
    }

    private String airNamespace() {
        return "cr-" + id + "-air";
    }

    private String hostInterface() {
        return "crh" + id;
    }

    /** The command prefix that runs a program on the station's side of the link. */
    public List<String> launcher() {
        return List.of("ip", "netns", "exec", stationNamespace());
    }

    /**
     * A relay on the host end of the link to {@code target} (a loopback server), with the profile's latency:
     * the address the station uses to reach that server over the link.
     */
    public InetSocketAddress relayTo(InetSocketAddress target) throws IOException {
        DelayRelay relay = DelayRelay.start(hostAddress, target, profile.delay(), profile.jitter(),
                seed + relays.size());
        relays.add(relay);
        return relay.address();
    }

    /** Which way a {@link #blackout} cuts. */
    public enum Way {
        BOTH, FROM_STATION, TO_STATION
    }

    /** Every packet in flight lost, both ways (on), or back to the profile's loss (off). */
    public void blackout(boolean on) throws IOException, InterruptedException {
        blackout(on, Way.BOTH);
    }

    /**
     * Every packet in flight lost one way or both (on), or back to the profile's loss (off): a one-way cut is
     * what a cell edge does to a modem that still hears the tower but is no longer heard.
     */
    public void blackout(boolean on, Way way) throws IOException, InterruptedException {
        if (on == blackout) {
            return;
        }
        if (on) {
            StringBuilder rules = new StringBuilder("table netdev blackout {\n");
            if (way != Way.FROM_STATION) {
                rules.append("    chain to_station { type filter hook ingress device \"tower\" priority -10; "
                        + "meta protocol ip drop; }\n");
            }
            if (way != Way.TO_STATION) {
                rules.append("    chain from_station { type filter hook ingress device \"phone\" priority -10; "
                        + "meta protocol ip drop; }\n");
            }
            nft(rules.append("}\n").toString());
        } else {
            Command.ok("ip", "netns", "exec", airNamespace(), "nft", "delete", "table", "netdev", "blackout");
        }
        blackout = on;
    }

    /** IPv4 packets that reached the link so far, both ways, outside blackouts, and how many it lost. */
    public Packets packets() throws IOException, InterruptedException {
        String rules = Command.ok("ip", "netns", "exec", airNamespace(), "nft", "list", "table", "netdev", "loss");
        return new Packets(counted(rules, "seen"), counted(rules, "lost"));
    }

    private static long counted(String rules, String comment) {
        return rules.lines().filter(l -> l.contains("comment \"" + comment + "\""))
                .mapToLong(l -> Long.parseLong(l.replaceAll(".*counter packets (\\d+) .*", "$1"))).sum();
    }

    /** What the relays really applied (chunks, bytes, delays), over every connection and both directions. */
    public List<DelayRelay.Applied> applied() {
        return relays.stream().map(DelayRelay::applied).toList();
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Command.ok(command.toArray(String[]::new));
    }

    private void nft(String rules) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "rules-", ".nft");
        Files.writeString(file, rules);
        Command.ok("ip", "netns", "exec", airNamespace(), "nft", "-f", file.toString());
    }

    /** Closes the relays and deletes both namespaces (their interfaces go with them); never throws. */
    @Override
    public void close() {
        relays.forEach(DelayRelay::close);
        for (String ns : List.of(stationNamespace(), airNamespace())) {
            try {
                Command.run("ip", "netns", "del", ns);
            } catch (IOException | InterruptedException e) {
                System.err.println("CellularLink: could not delete namespace " + ns + ": " + e);
            }
        }
        try {
            Command.run("ip", "link", "del", hostInterface()); // gone with the air namespace unless that failed
        } catch (IOException | InterruptedException e) {
            System.err.println("CellularLink: could not delete " + hostInterface() + ": " + e);
        }
    }
}
