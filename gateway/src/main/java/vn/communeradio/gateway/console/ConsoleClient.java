package vn.communeradio.gateway.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.config.ConfigException;
import vn.communeradio.gateway.config.ConfigKeys;

/**
 * {@code commune-radio console}: the technician's end. Interactive (a prompt, one command a line: the serial
 * port's login shell) without a command, or one command and its exit status for scripts. Plain text, no colours,
 * no cursor control: a dumb 115200 8N1 terminal is enough, and the tty's own line editing serves backspace.
 * Nothing here prints a stack trace: every failure is one line.
 */
public final class ConsoleClient {

    static final int LOG_LINES = 10;
    /** How long the interactive console waits for the service after a restart or a lost connection. */
    static final Duration RECONNECT_WAIT = Duration.ofSeconds(60);
    static final Duration RECONNECT_POLL = Duration.ofMillis(500);
    /** Internal: the interactive session ended because the service went away; connect again. */
    private static final int RECONNECT = -1;
    /** For scripts when a PIN is set; the interactive console asks instead. */
    public static final String PIN_ENV = "COMMUNE_RADIO_PIN";

    public static final String HELP = """
            Usage: commune-radio console [--config FILE] [COMMAND ...]

            The technician console of the running service (its socket is state.dir/console/console.sock).
            Without COMMAND: an interactive console (type 'help'). With COMMAND: runs it and exits, e.g.
              commune-radio console status
              commune-radio console tone 1000 3 && commune-radio console relay zone1 off
            Exit status: 0 done, 1 the command failed, 2 bad command or value, 3 the service is not running,
            4 PIN refused. A PIN, when set, comes from the environment variable %s in scripts.
            """.formatted(PIN_ENV);

    private final BufferedReader in;
    private final PrintStream out;
    private final Map<String, String> env;
    private final java.io.Console terminal;

    public ConsoleClient(InputStream in, PrintStream out, Map<String, String> env, java.io.Console terminal) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.env = env;
        this.terminal = terminal;
    }

    /** Runs {@code console} with its arguments (after the word {@code console}); returns the exit status. */
    public int run(List<String> args, Path defaultConfig) {
        Path configFile = defaultConfig;
        List<String> command = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (command.isEmpty() && (arg.equals("--help") || arg.equals("-h"))) {
                out.print(HELP);
                return ConsoleProtocol.OK;
            } else if (command.isEmpty() && arg.equals("--config") && i + 1 < args.size()) {
                configFile = Path.of(args.get(++i));
            } else if (command.isEmpty() && arg.startsWith("--config=")) {
                configFile = Path.of(arg.substring("--config=".length()));
            } else {
                command.add(arg);
            }
        }
        Config config;
        try {
            config = Config.load(configFile);
        } catch (ConfigException e) {
            e.problems().forEach(p -> out.println("config error: " + p));
            out.println("console: " + configFile + " cannot be used, so the service cannot be found");
            return ConsoleProtocol.USAGE;
        }
        Path socket = ConsoleProtocol.socket(config.get(ConfigKeys.STATE_DIR));
        if (!command.isEmpty()) {
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                return once(new Connection(channel), String.join(" ", command));
            } catch (IOException e) {
                return notRunning(config, socket, e);
            }
        }
        long deadline = 0;
        while (true) {
            boolean reconnecting = deadline != 0;
            SocketChannel channel;
            try {
                channel = connect(socket, deadline);
            } catch (IOException e) {
                return notRunning(config, socket, e);
            }
            try (channel) {
                int status = interactive(new Connection(channel), reconnecting);
                if (status != RECONNECT) {
                    return status;
                }
                out.println("waiting for the service to answer again (up to " + RECONNECT_WAIT.toSeconds() + " s)...");
                deadline = System.nanoTime() + RECONNECT_WAIT.toNanos();
            } catch (IOException e) {
                if (!reconnecting) {
                    return notRunning(config, socket, e);
                }
                // reached the old service as it closed: try again until the deadline
            }
        }
    }

    /** Connects; with a deadline (System.nanoTime), tries again until then while the service (re)starts. */
    private static SocketChannel connect(Path socket, long deadline) throws IOException {
        while (true) {
            try {
                return SocketChannel.open(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                if (deadline == 0 || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(RECONNECT_POLL.toMillis()); // polling a socket path: there is no event to wait for
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private int notRunning(Config config, Path socket, IOException e) {
        String why = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (why.contains("permission denied")) {
            out.println("console: permission denied on " + socket + "; log in as a member of the service's group");
            return ConsoleProtocol.NOT_RUNNING;
        }
        if (!why.contains("no such file") && !why.contains("refused")) {
            out.println("console: the service stopped answering (" + e.getMessage() + ")");
        } else {
            out.println("commune-radio is not running (nothing answers on " + socket + ")");
        }
        String log = config.get(ConfigKeys.LOG_FILE);
        if (log.isEmpty()) {
            out.println("its log is in the system journal: journalctl -u commune-radio -n 50");
            return ConsoleProtocol.NOT_RUNNING;
        }
        try {
            List<String> lines = LogTail.lastLines(Path.of(log), LOG_LINES);
            out.println("last lines of " + log + ":");
            lines.forEach(l -> out.println("  " + l));
        } catch (IOException ex) {
            out.println("its log " + log + " cannot be read: " + ex.getMessage());
        }
        return ConsoleProtocol.NOT_RUNNING;
    }

    private int once(Connection connection, String line) throws IOException {
        Reply greeting = connection.request("hello");
        if (refused(greeting)) {
            return greeting.status();
        }
        if (greeting.status() == ConsoleProtocol.PIN_REFUSED) {
            String pin = env.get(PIN_ENV);
            if (pin == null && terminal != null) {
                pin = readSecret("PIN: ");
            }
            if (pin == null) {
                out.println("console: a PIN is set; give it in " + PIN_ENV);
                return ConsoleProtocol.PIN_REFUSED;
            }
            Reply auth = connection.request("pin " + pin);
            if (auth.status() != ConsoleProtocol.OK) {
                auth.lines().forEach(out::println);
                return auth.status();
            }
        }
        return send(connection, line);
    }

    private int interactive(Connection connection, boolean reconnected) throws IOException {
        Reply greeting = connection.request("hello");
        if (refused(greeting)) {
            return greeting.status();
        }
        String station = greeting.lines().isEmpty() ? "?" : greeting.lines().get(0).split(" ")[1];
        out.println((reconnected ? "reconnected: " : "commune-radio console: ")
                + (greeting.lines().isEmpty() ? "" : greeting.lines().get(0)));
        if (greeting.status() == ConsoleProtocol.PIN_REFUSED && !askPin(connection)) {
            return ConsoleProtocol.PIN_REFUSED;
        }
        if (!reconnected) {
            out.println("type 'help' for the commands, 'exit' to leave");
        }
        while (true) {
            out.print(station + "> ");
            out.flush();
            String line = in.readLine();
            if (line == null || line.strip().equals("exit") || line.strip().equals("quit")) {
                out.println();
                return ConsoleProtocol.OK;
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                if (send(connection, line.strip()) == ConsoleProtocol.OK && line.strip().equals("restart")) {
                    connection.awaitClose(); // the old service hangs up once it stops: do not reach it again
                    return RECONNECT;
                }
            } catch (IOException e) {
                out.println("the service closed the console (it stopped or is restarting)");
                return RECONNECT;
            }
        }
    }

    /** The service refused the session itself (too many consoles): says why. */
    private boolean refused(Reply greeting) {
        if (greeting.status() == ConsoleProtocol.OK || greeting.status() == ConsoleProtocol.PIN_REFUSED) {
            return false;
        }
        greeting.lines().forEach(l -> out.println("console: " + l));
        return true;
    }

    private boolean askPin(Connection connection) throws IOException {
        for (int tries = 0; tries < ConsoleServer.MAX_PIN_TRIES; tries++) {
            String pin = readSecret("PIN: ");
            if (pin == null) {
                return false;
            }
            Reply auth = connection.request("pin " + pin);
            if (auth.status() == ConsoleProtocol.OK) {
                return true;
            }
            out.println("wrong PIN");
        }
        out.println("console: " + ConsoleServer.MAX_PIN_TRIES + " wrong PINs; further tries wait "
                + ConsoleServer.PIN_DELAY.toSeconds() + " s");
        return false;
    }

    /** Sends one command (asking for a new PIN first for 'pin set'), prints its output, returns its status. */
    private int send(Connection connection, String line) throws IOException {
        if (line.equals("pin set")) {
            String pin = readSecret("new PIN: ");
            String again = pin == null ? null : readSecret("new PIN again: ");
            if (pin == null || !pin.equals(again)) {
                out.println("the two PINs differ (or none was given); the PIN was not changed");
                return ConsoleProtocol.USAGE;
            }
            line = "pin set " + pin;
        }
        Reply reply = connection.request(line, out);
        return reply.status();
    }

    /** A line read without echo on a terminal; from standard input otherwise (scripts). */
    private String readSecret(String prompt) throws IOException {
        if (terminal != null) {
            char[] secret = terminal.readPassword(prompt);
            return secret == null ? null : new String(secret).strip();
        }
        out.print(prompt);
        out.flush();
        String line = in.readLine();
        return line == null ? null : line.strip();
    }

    /** A reply: its output lines and exit status. */
    record Reply(List<String> lines, int status) {
    }

    /** The client's end of the line protocol. */
    private static final class Connection {
        private final BufferedReader replies;
        private final OutputStream requests;

        Connection(SocketChannel channel) {
            this.replies = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            this.requests = Channels.newOutputStream(channel);
        }

        /** Waits until the service closes this connection. */
        void awaitClose() {
            try {
                while (replies.readLine() != null) {
                    // nothing more is expected; anything would be dropped
                }
            } catch (IOException e) {
                // closed
            }
        }

        Reply request(String line) throws IOException {
            return request(line, null);
        }

        /** Sends {@code line}; output lines go to {@code echo} as they arrive when given. */
        Reply request(String line, PrintStream echo) throws IOException {
            requests.write((line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
            requests.flush();
            List<String> lines = new ArrayList<>();
            String reply;
            while ((reply = replies.readLine()) != null) {
                if (reply.startsWith(ConsoleProtocol.END)) {
                    try {
                        return new Reply(lines, Integer.parseInt(reply.substring(ConsoleProtocol.END.length()).strip()));
                    } catch (NumberFormatException e) {
                        throw new IOException("the service answered '" + reply + "'");
                    }
                }
                String text = reply.startsWith(ConsoleProtocol.OUTPUT)
                        ? reply.substring(ConsoleProtocol.OUTPUT.length()) : reply.strip();
                lines.add(text);
                if (echo != null) {
                    echo.println(text);
                    echo.flush();
                }
            }
            throw new IOException("the service closed the connection");
        }
    }
}
