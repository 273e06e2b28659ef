package vn.communeradio.tests.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import vn.communeradio.tests.support.CellularLink;
import vn.communeradio.tests.support.StreamServer;
import vn.communeradio.tests.support.StreamServer.Reply;

/**
 * How much jitter buffer a live stream needs on the emulated 4G link ({@link CellularLink}: 80 ± 40 ms each way,
 * 1 % loss each way): S clients in the station's namespace read a stream paced in real time (128 kbps, as a live
 * Icecast mount without its connect burst) for M minutes, and every read is compared with the sender's schedule.
 * A client that starts playing {@code B} after its first byte underruns when, at some moment, fewer bytes than
 * {@code (elapsed - B) × rate} have arrived: the largest such shortfall over a run is the buffer that run needed.
 * Prints, per buffer target, how many stalls would have run it dry, and the longest shortfalls.
 * Not a test (root: network namespaces): {@code tests/bench.sh StreamLatenessBench [MINUTES] [STREAMS]}
 * (docs/reliability.md).
 */
public final class StreamLatenessBench {

    private static final double BYTES_PER_SECOND = 16_000;
    private static final long[] TARGETS_MS = {200, 300, 500, 700, 900, 1200, 2000};

    private StreamLatenessBench() {
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int streams = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        byte[] audio = new byte[1 << 20];
        new Random(1).nextBytes(audio);
        try (StreamServer server = StreamServer.start();
             CellularLink link = CellularLink.create(CellularLink.Profile.fourG(), 8)) {
            server.serve("/live", Reply.live(audio).paced(BYTES_PER_SECOND));
            InetSocketAddress relay = link.relayTo(new InetSocketAddress("127.0.0.1", server.port()));
            String url = "http://" + relay.getAddress().getHostAddress() + ":" + relay.getPort() + "/live";
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                List<String> command = new ArrayList<>(link.launcher());
                command.addAll(List.of("curl", "-sN", "--max-time", String.valueOf(Math.round(minutes * 60)), url));
                Client c = new Client(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start());
                c.start();
                clients.add(c);
            }
            for (Client c : clients) {
                c.join();
            }
            CellularLink.Packets packets = link.packets();
            System.out.printf(Locale.ROOT, "%d streams × %.1f min at %.0f B/s over 4G (80 ± 40 ms, 1 %% loss each "
                    + "way): link packets %d, lost %d (%.2f %%); relay %s%n", streams, minutes, BYTES_PER_SECOND,
                    packets.seen(), packets.lost(), packets.lossPercent(), link.applied());
            List<Long> shortfalls = new ArrayList<>();
            for (Client c : clients) {
                shortfalls.addAll(c.stalls);
                System.out.printf(Locale.ROOT, "stream: %d bytes, needed %d ms%n", c.received, c.needed);
            }
            Collections.sort(shortfalls, Collections.reverseOrder());
            for (long target : TARGETS_MS) {
                long dry = shortfalls.stream().filter(s -> s > target).count();
                System.out.printf(Locale.ROOT, "buffer %5d ms: %d underruns in %.0f stream-minutes%n", target, dry,
                        minutes * streams);
            }
            System.out.println("longest shortfalls (ms): " + shortfalls.subList(0, Math.min(15, shortfalls.size())));
        }
    }

    /**
     * One listener: reads the stream and records each stall, i.e. each excursion of its shortfall behind the
     * sender's schedule above 100 ms, as the excursion's peak.
     */
    private static final class Client extends Thread {
        private static final long STALL_MS = 100;
        private final Process process;
        final List<Long> stalls = new ArrayList<>();
        long received;
        long needed;

        Client(Process process) {
            this.process = process;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            long first = 0;
            long peak = 0;
            try (InputStream in = process.getInputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    long now = System.nanoTime();
                    if (received == 0) {
                        first = now;
                    }
                    // just before these bytes arrived, this much audio had been due and was missing
                    long shortfall = Math.round((now - first) / 1e6 - received * 1000 / BYTES_PER_SECOND);
                    needed = Math.max(needed, shortfall);
                    if (shortfall > STALL_MS) {
                        peak = Math.max(peak, shortfall);
                    } else if (peak > 0) {
                        stalls.add(peak);
                        peak = 0;
                    }
                    received += n;
                }
            } catch (IOException e) {
                System.err.println("stream client: " + e.getMessage());
            }
            if (peak > 0) {
                stalls.add(peak);
            }
        }
    }
}
