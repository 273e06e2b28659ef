package vn.communeradio.gateway.console;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a technician checks first when a station is silent: its addresses, default route, DNS servers, and
 * whether a host (broker, stream server) answers a TCP connect. Linux files: /proc/net/route, /etc/resolv.conf.
 */
final class NetworkReport {

    static final int CONNECT_TIMEOUT_MS = 3000;

    private NetworkReport() {
    }

    static List<String> interfaces() {
        List<String> lines = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                List<String> addresses = new ArrayList<>();
                for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                    addresses.add(a.getAddress().getHostAddress().replaceAll("%.*", "") + "/" + a.getNetworkPrefixLength());
                }
                lines.add(String.format("  %-10s %-4s %s", nif.getName(), nif.isUp() ? "up" : "down",
                        addresses.isEmpty() ? "no address" : String.join(" ", addresses)));
            }
        } catch (SocketException e) {
            lines.add("  interfaces cannot be listed: " + e.getMessage());
        }
        return lines;
    }

    /** The IPv4 default route from /proc/net/route: "via GATEWAY dev IFACE", or a line saying there is none. */
    static String defaultRoute() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/route"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 2 && f[1].equals("00000000") && !f[0].equals("Iface")) {
                    long g = Long.parseLong(f[2], 16); // little-endian hex
                    return "via " + (g & 0xff) + "." + (g >> 8 & 0xff) + "." + (g >> 16 & 0xff) + "." + (g >> 24 & 0xff)
                            + " dev " + f[0];
                }
            }
            return "none: this board cannot reach other networks (check the cable, Wi-Fi or 4G modem)";
        } catch (IOException | NumberFormatException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static List<String> dnsServers() {
        try {
            List<String> servers = Files.readAllLines(Path.of("/etc/resolv.conf")).stream()
                    .map(String::trim).filter(l -> l.startsWith("nameserver"))
                    .map(l -> l.substring("nameserver".length()).trim()).toList();
            return servers.isEmpty() ? List.of("none in /etc/resolv.conf") : servers;
        } catch (IOException e) {
            return List.of("unknown (/etc/resolv.conf: " + e.getMessage() + ")");
        }
    }

    /** One line: can {@code host}:{@code port} be resolved and connected to within the timeout? */
    static String reach(String label, String host, int port) {
        String where = label + " " + host + ":" + port + ": ";
        long t0 = System.nanoTime();
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return where + "NOT reachable: the name does not resolve (DNS)";
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
            return where + "reachable (" + address.getHostAddress() + ", TCP connect in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms)";
        } catch (SocketTimeoutException e) {
            return where + "NOT reachable: no answer within " + CONNECT_TIMEOUT_MS / 1000 + " s (route or firewall)";
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return where + "NOT reachable: " + why.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A host and TCP port to try. */
    record Endpoint(String host, int port) {
    }

    /** Host and port of a URL, with the scheme's default port; null when it has no host. */
    static Endpoint endpoint(URI uri) {
        if (uri.getHost() == null) {
            return null;
        }
        int port = uri.getPort();
        if (port < 0) {
            port = switch (uri.getScheme()) {
                case "ssl", "mqtts" -> 8883;
                case "tcp", "mqtt" -> 1883;
                case "https" -> 443;
                default -> 80;
            };
        }
        return new Endpoint(uri.getHost(), port);
    }
}
