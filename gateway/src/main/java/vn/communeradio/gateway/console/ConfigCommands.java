package vn.communeradio.gateway.console;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;
import vn.communeradio.gateway.config.Config;
import vn.communeradio.gateway.config.ConfigException;
import vn.communeradio.gateway.config.ConfigKeys;
import vn.communeradio.gateway.config.ConfigOverrides;
import vn.communeradio.gateway.config.Key;

/**
 * {@code config show|set|unset} and {@code pin set|clear}: the configuration as the service runs it, and the
 * technician's overrides ({@link ConfigOverrides}), checked by the same rules as the installed file. Secrets are
 * never shown. Overrides take effect at the next start; the PIN at once.
 */
final class ConfigCommands {

    static final String MASK = "******";

    private final ConsoleContext ctx;

    ConfigCommands(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    List<ConsoleCommand> commands() {
        return List.of(
                new ConsoleCommand("config", "config show | config set KEY VALUE | config unset KEY",
                        "show the configuration, or change one key",
                        "show: every key's value as the service runs now (secrets masked), overrides marked, and\n"
                                + "changes waiting for a restart. set: checks the value by the same rules as the file\n"
                                + "(a bad one changes nothing) and saves it in the state directory, over the installed\n"
                                + "file; it takes effect at the next start ('restart'). unset: back to the installed "
                                + "value.\nExample: config set mqtt.url tcp://10.0.0.5:1883", this::config),
                new ConsoleCommand("pin", "pin set | pin clear", "set or remove the console PIN",
                        "pin set asks for a new PIN twice (4-32 characters) and stores only its salted hash\n"
                                + "(console.pin_hash); from then on the interactive console asks for it. Applies at once.",
                        this::pin));
    }

    private int config(List<String> args, Reply out) throws ConsoleFailure {
        if (args.isEmpty() || args.get(0).equals("show")) {
            return show(out);
        }
        ConfigOverrides overrides = overrides();
        try {
            switch (args.get(0)) {
                case "set" -> {
                    if (args.size() < 3) {
                        throw ConsoleFailure.usage("usage: config set KEY VALUE");
                    }
                    String key = args.get(1);
                    String value = String.join(" ", args.subList(2, args.size()));
                    overrides.set(ctx.config().file(), key, value);
                    Logger.info("console: config set {} = {}", key, secret(key) ? MASK : value);
                    out.line(key + " = " + (secret(key) ? MASK : value) + " saved in " + overrides.file());
                    out.line("it takes effect at the next start of the service: type 'restart' to apply it now");
                    nextStartWarnings(out);
                }
                case "unset" -> {
                    if (args.size() != 2) {
                        throw ConsoleFailure.usage("usage: config unset KEY");
                    }
                    if (!overrides.unset(ctx.config().file(), args.get(1))) {
                        out.line(args.get(1) + " has no override; nothing changed");
                        return ConsoleProtocol.OK;
                    }
                    Logger.info("console: config unset {}", args.get(1));
                    out.line(args.get(1) + ": override removed; the installed value applies from the next start "
                            + "('restart')");
                    nextStartWarnings(out);
                }
                default -> throw ConsoleFailure.usage("usage: config show | config set KEY VALUE | config unset KEY");
            }
        } catch (ConfigException e) {
            e.problems().forEach(out::line);
            out.line("nothing was changed");
            return ConsoleProtocol.USAGE;
        } catch (IOException e) {
            throw ConsoleFailure.failed("the overrides file cannot be written (" + e.getMessage() + "); nothing changed");
        }
        return ConsoleProtocol.OK;
    }

    private int show(Reply out) throws ConsoleFailure {
        ConfigOverrides overrides = overrides();
        out.line("# running configuration: " + ctx.config().file() + ", with overrides from " + overrides.file());
        ctx.config().effective().forEach((key, value) -> out.line(key + " = " + (secret(key) ? mask(value) : value)
                + (ctx.config().overridden().contains(key) ? "    # override" : "")));
        boolean header = false;
        for (Map.Entry<String, String> saved : overrides.read().entrySet()) {
            String running = ctx.config().effective().get(saved.getKey());
            if (!saved.getValue().equals(running)) {
                if (!header) {
                    out.line("# saved, applied at the next start ('restart'):");
                    header = true;
                }
                out.line(saved.getKey() + " = " + (secret(saved.getKey()) ? mask(saved.getValue()) : saved.getValue()));
            }
        }
        for (String key : ctx.config().overridden()) {
            if (!overrides.read().containsKey(key)) {
                out.line("# " + key + ": override removed, the installed value applies at the next start");
            }
        }
        ctx.config().warnings().forEach(warning -> out.line("# warning: " + warning));
        return ConsoleProtocol.OK;
    }

    /** The warnings of what the next start reads (the installed file and the overrides just saved). */
    private void nextStartWarnings(Reply out) {
        try {
            Config.load(ctx.config().file()).warnings().forEach(warning -> out.line("warning: " + warning));
        } catch (ConfigException e) {
            // the change was checked against the same files a moment ago: one of them was edited since
            e.problems().forEach(problem -> out.line("the next start would refuse: " + problem));
        }
    }

    private int pin(List<String> args, Reply out) throws ConsoleFailure {
        ConfigOverrides overrides = overrides();
        String key = ConfigKeys.CONSOLE_PIN_HASH.name();
        try {
            if (args.size() == 2 && args.get(0).equals("set")) {
                String problem = ConsolePin.problem(args.get(1));
                if (problem != null) {
                    throw ConsoleFailure.usage(problem + "; the PIN was not changed");
                }
                overrides.set(ctx.config().file(), key, ConsolePin.hash(args.get(1)));
                Logger.info("console: PIN set");
                out.line("PIN set (stored hashed in " + overrides.file() + "); the console asks for it from now on");
            } else if (args.size() == 1 && args.get(0).equals("clear")) {
                overrides.set(ctx.config().file(), key, "");
                Logger.info("console: PIN cleared");
                out.line("PIN removed: the console no longer asks for one");
            } else {
                throw ConsoleFailure.usage("usage: pin set | pin clear (the interactive console asks for the PIN)");
            }
        } catch (ConfigException | IOException e) {
            throw ConsoleFailure.failed("the PIN cannot be saved: " + e.getMessage() + "; nothing changed");
        }
        return ConsoleProtocol.OK;
    }

    private ConfigOverrides overrides() throws ConsoleFailure {
        if (ctx.config().file() == null) {
            throw ConsoleFailure.failed("this service was not started from a configuration file");
        }
        try {
            return ConfigOverrides.of(ctx.config());
        } catch (ConfigException e) {
            throw ConsoleFailure.failed(String.join("; ", e.problems()));
        }
    }

    static boolean secret(String key) {
        return ConfigKeys.SECRETS.stream().map(Key::name).anyMatch(key::equals);
    }

    private static String mask(String value) {
        return value.isEmpty() ? "(not set)" : MASK;
    }
}
