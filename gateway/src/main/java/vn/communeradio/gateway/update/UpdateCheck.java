package vn.communeradio.gateway.update;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import vn.communeradio.gateway.ExitStatus;
import vn.communeradio.gateway.command.CommandException;
import vn.communeradio.gateway.command.TrustedKeys;
import vn.communeradio.gateway.command.Update;
import vn.communeradio.gateway.command.UpdateAuthority;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.config.ConfigException;
import vn.communeradio.gateway.config.ConfigKeys;
import vn.communeradio.gateway.logging.LogSetup;

/** {@code commune-radio update-check}: the root step's check of the signed update command it was handed. */
public final class UpdateCheck {

    private static final String HELP = """
            Usage: commune-radio update-check [--config FILE] TOKEN_FILE

            Verifies the signed update command (compact JWS) in TOKEN_FILE as the package's root step does before
            it installs anything (install-update, run as root): signed by a key file listed in
            security.update_keys, addressed to this station or one of its groups. Prints version=, sha256=,
            allow_downgrade= lines. Exit status: 0 valid, 1 refused (one line saying why), 2 bad usage or
            configuration.
            """;

    private UpdateCheck() {
    }

    /** Runs {@code update-check ARGS}; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Path configFile = Config.DEFAULT_FILE;
        Path tokenFile = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(HELP);
                return ExitStatus.OK;
            } else if (arg.equals("--config") && i + 1 < args.size()) {
                configFile = Path.of(args.get(++i));
            } else if (tokenFile == null && !arg.startsWith("-")) {
                tokenFile = Path.of(arg);
            } else {
                err.print(HELP);
                return ExitStatus.USAGE;
            }
        }
        if (tokenFile == null) {
            err.print(HELP);
            return ExitStatus.USAGE;
        }
        Config config;
        try {
            config = Config.load(configFile);
        } catch (ConfigException e) {
            e.problems().forEach(problem -> err.println("config error: " + problem));
            return ExitStatus.USAGE;
        }
        // root must not create or append to the service's log file: warnings (a bad key file) go to stderr only
        org.tinylog.configuration.Configuration.replace(java.util.Map.of("level", "warn", "writer", "console",
                "writer.stream", "err", "writer.format", "update-check: {message}", "autoshutdown", "false"));
        try {
            byte[] token = java.nio.file.Files.readAllBytes(tokenFile);
            TrustedKeys keys = new TrustedKeys(config.get(ConfigKeys.SECURITY_KEYS), config.get(ConfigKeys.STATE_DIR),
                    java.util.Set.copyOf(config.get(ConfigKeys.SECURITY_EMERGENCY_KEYS)),
                    java.util.Set.copyOf(config.get(ConfigKeys.SECURITY_ADMIN_KEYS)),
                    java.util.Set.copyOf(config.get(ConfigKeys.SECURITY_UPDATE_KEYS)));
            java.util.Set<String> targets = new java.util.HashSet<>();
            targets.add("station/" + config.get(ConfigKeys.STATION_ID));
            config.get(ConfigKeys.STATION_GROUPS).forEach(g -> targets.add("group/" + g));
            Update update = UpdateAuthority.verify(token, keys, targets);
            out.println("version=" + update.version());
            out.println("sha256=" + update.sha256());
            out.println("allow_downgrade=" + update.allowDowngrade());
            return ExitStatus.OK;
        } catch (java.io.IOException e) {
            err.println("update-check: cannot read " + tokenFile + ": " + e.getMessage());
            return ExitStatus.FAILED;
        } catch (CommandException e) {
            err.println("update-check: refused (" + e.code().wire() + "): " + e.reason());
            return ExitStatus.FAILED;
        } finally {
            LogSetup.shutdown();
        }
    }

}
