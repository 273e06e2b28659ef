package vn.communeradio.gateway.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;

/**
 * The console's command table: runs one typed line and answers {@code help}. Every failure becomes a line for
 * the technician and an exit status; an unexpected one is logged with its stack trace in the service log only.
 */
public final class ConsoleCommands {

    private final Map<String, ConsoleCommand> commands = new LinkedHashMap<>();

    ConsoleCommands(List<ConsoleCommand> all) {
        all.forEach(c -> commands.put(c.name(), c));
    }

    /** Every command the service's console offers. */
    public static ConsoleCommands of(ConsoleContext ctx) {
        List<ConsoleCommand> all = new ArrayList<>();
        all.addAll(new InfoCommands(ctx).commands());
        all.addAll(new PlaybackCommands(ctx).commands());
        all.addAll(new ConfigCommands(ctx).commands());
        all.add(new ConsoleCommand("restart", "restart", "stop the service cleanly; systemd starts it again",
                "Stops the service as SIGTERM would (relays off, journal and state saved) and exits with status 3,\n"
                        + "which systemd's Restart=always answers with a fresh start: what 'config set' needs.",
                (args, out) -> {
                    out.line("restarting: the service stops cleanly now and systemd starts it again in a few seconds");
                    Logger.info("console: restart requested");
                    ctx.restart().run();
                    return ConsoleProtocol.OK;
                }));
        return new ConsoleCommands(all);
    }

    /** Runs one request line; returns its exit status. */
    public int execute(String line, Reply out) throws InterruptedException {
        List<String> words = new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
        if (words.get(0).isEmpty()) {
            return ConsoleProtocol.OK;
        }
        String name = words.remove(0);
        if (name.equals("help") || name.equals("?")) {
            return help(words, out);
        }
        ConsoleCommand command = commands.get(name);
        if (command == null) {
            out.line("unknown command '" + name + "'; type 'help' for the list");
            return ConsoleProtocol.USAGE;
        }
        if (words.size() == 1 && (words.get(0).equals("--help") || words.get(0).equals("-h"))) {
            return help(List.of(name), out);
        }
        try {
            return command.handler().run(words, out);
        } catch (ConsoleFailure e) {
            out.line(e.getMessage());
            return e.status();
        } catch (java.io.UncheckedIOException e) {
            throw e; // the console went away (Ctrl-C, cable pulled): its session ends, nothing to report
        } catch (RuntimeException e) {
            Logger.error(e, "console command '{}' failed", name.equals("pin") ? "pin ..." : line);
            out.line(name + " failed: " + e + "; details in the service log ('log')");
            return ConsoleProtocol.FAILED;
        }
    }

    private int help(List<String> words, Reply out) {
        if (words.isEmpty()) {
            out.line("commands (help <command> for details):");
            for (ConsoleCommand c : commands.values()) {
                out.line(String.format("  %-30s %s", c.usage().length() > 30 ? c.name() + " ..." : c.usage(),
                        c.summary()));
            }
            out.line("  exit                           leave the console (Ctrl-D too)");
            return ConsoleProtocol.OK;
        }
        ConsoleCommand c = commands.get(words.get(0));
        if (c == null) {
            out.line("no command '" + words.get(0) + "'; type 'help' for the list");
            return ConsoleProtocol.USAGE;
        }
        out.line("usage: " + c.usage());
        out.line(c.summary());
        c.help().lines().forEach(out::line);
        return ConsoleProtocol.OK;
    }
}
