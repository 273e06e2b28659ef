package vn.communeradio.gateway;

import static vn.communeradio.gateway.ExitStatus.FAILED;
import static vn.communeradio.gateway.ExitStatus.OK;
import static vn.communeradio.gateway.ExitStatus.REBOOT;
import static vn.communeradio.gateway.ExitStatus.RESTART;
import static vn.communeradio.gateway.ExitStatus.USAGE;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.config.ConfigException;

import vn.communeradio.gateway.config.ConfigReference;
import vn.communeradio.gateway.console.ConsoleClient;
import vn.communeradio.gateway.console.ConsolePin;
import vn.communeradio.gateway.decode.CodecLibraryException;
import vn.communeradio.gateway.decode.Decoders;
import vn.communeradio.gateway.decode.NativeCodecs;
import vn.communeradio.gateway.logging.LogSetup;
import vn.communeradio.gateway.station.ConfiguredHardware;
import vn.communeradio.gateway.station.Hardware;
import vn.communeradio.gateway.station.StartupException;
import vn.communeradio.gateway.station.Station;
import vn.communeradio.gateway.tool.Keygen;
import vn.communeradio.gateway.tool.Send;
import vn.communeradio.gateway.update.UpdateCheck;

/**
 * The command line: {@code run} starts the service, {@code check} validates a configuration, {@code relays-off}
 * forces every relay off. Exit status: 0 done, 1 failed while running, 2 bad usage or configuration (or a decoding
 * library missing), 75 the service stopped so that the board reboots (broker unreachable and no network route).
 */
public final class Main {

    private static final String USAGE_TEXT = """
            Usage: commune-radio COMMAND [OPTIONS]

            Commands:
              run         start the station service (until SIGTERM)
              check       validate a configuration file and exit
              relays-off  switch every configured relay off and exit (run after any stop of the service)
              config-reference
                          print every configuration key with its default (docs/configuration.md)
              console     the technician console of the running service (interactive, or one COMMAND)
              console-pin print the console.pin_hash line for a PIN read from the terminal or stdin
              update-check
                          verify the signed update command in a file, as the package's root step does
              keygen      make an Ed25519 key pair for signing commands (operator's tool)
              send        sign and send a command, print the stations' acks (operator's tool)

            Options:
              --config FILE   configuration file (default %s)
              --help          help for a command
              --version       print the version and exit
            """.formatted(Config.DEFAULT_FILE);

    private static final String RUN_HELP = """
            Usage: commune-radio run [--config FILE]

            Starts the station service: switches every relay off, opens the audio output and the control loop,
            and runs until SIGTERM or SIGINT, when it switches every relay off again.
            Exit status: 0 stopped by a signal, 1 when start-up fails, 2 when the configuration is bad or a
            decoding library (Debian packages libmpg123-0, libopus0) is missing (nothing is touched then), 3 when a technician asked for a restart on the console (systemd starts it again),
            75 when it stopped (relays off) so that the board reboots: the MQTT broker was unreachable for
            link.reboot_after_offline_s and the board had no network route (the package reboots on 75).
            Under systemd (NOTIFY_SOCKET) it reports READY=1, STOPPING=1, and WATCHDOG=1 while it is alive.
            """;

    private static final String CHECK_HELP = """
            Usage: commune-radio check [--config FILE]

            Validates the configuration file and prints one line per problem, and one warning per key that is
            set but has no effect (the tuning of a feature that is off), naming what would make it act.
            Touches no hardware. Exit status: 0 valid (warnings included), 2 invalid.
            """;

    private static final String RELAYS_OFF_HELP = """
            Usage: commune-radio relays-off [--config FILE]

            Switches every relay the configuration names off and exits. The package runs it after any exit of
            the service (SIGKILL included): GPIO lines keep their level when a process dies.
            Exit status: 0 relays off, 1 GPIO failure, 2 bad configuration.
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final ConfiguredHardware hardware;

    public Main(PrintStream out, PrintStream err, ConfiguredHardware hardware) {
        this.out = out;
        this.err = err;
        this.hardware = hardware;
    }

    public static void main(String[] args) {
        int status = new Main(System.out, System.err, new ConfiguredHardware()).execute(args);
        if (status != OK) {
            System.exit(status);
        }
    }

    /** Runs a command; for {@code run}, returns when the service has stopped. */
    public int execute(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.isEmpty()) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String command = rest.remove(0);
        switch (command) {
            case "--version", "version" -> {
                out.println("commune-radio " + Version.current());
                return OK;
            }
            case "--help", "-h", "help" -> {
                out.print(USAGE_TEXT);
                return OK;
            }
            case "config-reference" -> {
                out.print(ConfigReference.markdown());
                return OK;
            }
            case "run", "check", "relays-off" -> {
                return command(command, rest);
            }
            case "console" -> {
                return new ConsoleClient(System.in, out, System.getenv(), System.console())
                        .run(rest, Config.DEFAULT_FILE);
            }
            case "console-pin" -> {
                return consolePin(rest);
            }
            case "update-check" -> {
                return UpdateCheck.run(rest, out, err);
            }
            case "keygen" -> {
                return Keygen.run(rest, out, err);
            }
            case "send" -> {
                return Send.run(rest, out, err);
            }
            default -> {
                err.println("unknown command '" + command + "'");
                err.print(USAGE_TEXT);
                return USAGE;
            }
        }
    }

    private int command(String command, List<String> args) {
        String help = switch (command) {
            case "run" -> RUN_HELP;
            case "check" -> CHECK_HELP;
            default -> RELAYS_OFF_HELP;
        };
        Path configFile = Config.DEFAULT_FILE;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(help);
                return OK;
            } else if (arg.equals("--config") && i + 1 < args.size()) {
                configFile = Path.of(args.get(++i));
            } else if (arg.startsWith("--config=")) {
                configFile = Path.of(arg.substring("--config=".length()));
            } else {
                err.println(command + ": unexpected argument '" + arg + "'");
                err.print(help);
                return USAGE;
            }
        }
        Config config;
        try {
            config = Config.load(configFile);
        } catch (ConfigException e) {
            e.problems().forEach(problem -> err.println("config error: " + problem));
            err.println(configFile + ": " + e.problems().size() + " problem(s); nothing was started");
            return USAGE;
        }
        return switch (command) {
            case "check" -> {
                config.warnings().forEach(warning -> out.println("config warning: " + warning));
                out.println(configFile + ": valid" + (config.warnings().isEmpty() ? ""
                        : ", " + config.warnings().size() + " warning(s)"));
                yield OK;
            }
            case "relays-off" -> relaysOff(config);
            default -> run(config);
        };
    }

    /** Prints the configuration line holding a PIN's salted hash; the PIN itself is never printed. */
    private int consolePin(List<String> args) {
        if (!args.isEmpty()) {
            out.print("""
                    Usage: commune-radio console-pin

                    Reads a PIN (twice on a terminal, without echo; one line from standard input otherwise) and prints
                    the line to put in the configuration: console.pin_hash = pbkdf2-sha256$...
                    On a running station 'commune-radio console pin set' does the same and applies it at once.
                    """);
            return args.contains("--help") || args.contains("-h") ? OK : USAGE;
        }
        java.io.Console terminal = System.console();
        String pin;
        if (terminal != null) {
            char[] first = terminal.readPassword("PIN: ");
            char[] again = first == null ? null : terminal.readPassword("PIN again: ");
            if (first == null || !java.util.Arrays.equals(first, again)) {
                err.println("console-pin: the two PINs differ (or none was given)");
                return USAGE;
            }
            pin = new String(first);
        } else {
            try {
                pin = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
            } catch (java.io.IOException e) {
                pin = null;
            }
            if (pin == null) {
                err.println("console-pin: no PIN on standard input");
                return USAGE;
            }
        }
        String problem = ConsolePin.problem(pin.strip());
        if (problem != null) {
            err.println("console-pin: " + problem);
            return USAGE;
        }
        out.println("console.pin_hash = " + ConsolePin.hash(pin.strip()));
        return OK;
    }

    private int relaysOff(Config config) {
        LogSetup.apply(config);
        try (Hardware hw = hardware.relaysOnly(config)) {
            hw.relays().allOff();
            out.println("relays off: " + String.join(", ", hw.relays().channels()));
            return OK;
        } catch (StartupException e) {
            err.println("relays-off failed: " + e.getMessage());
            return FAILED;
        } finally {
            LogSetup.shutdown();
        }
    }

    private int run(Config config) {
        Decoders decoders;
        try {
            decoders = new Decoders(NativeCodecs.load());
        } catch (CodecLibraryException e) {
            err.println("cannot start: " + e.getMessage() + "; nothing was started");
            return USAGE;
        }
        LogSetup.apply(config);
        config.warnings().forEach(warning -> Logger.warn("config warning: {}", warning));
        Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
                Logger.error(e, "uncaught failure in thread {}", thread.getName()));
        Station station;
        try {
            station = Station.start(config, hardware, decoders, System.getenv());
        } catch (StartupException e) {
            Logger.error("start-up failed: {}", e.getMessage());
            LogSetup.shutdown();
            return FAILED;
        }
        Thread hook = new Thread(() -> {
            station.close();
            LogSetup.shutdown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Station.End end = Station.End.STOPPED;
        try {
            end = station.awaitEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        station.close(); // done already after SIGTERM or a restart; for a reboot, relays off before the exit
        return switch (end) {
            case REBOOT -> REBOOT;
            case RESTART -> RESTART;
            case STOPPED -> OK;
        };
    }
}
