package vn.communeradio.gateway.console;

import java.util.List;

/**
 * One console command.
 *
 * @param usage   how it is typed, e.g. {@code relay <name> on|off|pulse <s>}
 * @param summary one line for the {@code help} list
 * @param help    what {@code help <name>} adds: meanings, limits, examples
 */
record ConsoleCommand(String name, String usage, String summary, String help, Handler handler) {

    /** Runs the command; returns its exit status (0 done). */
    interface Handler {
        int run(List<String> args, Reply out) throws ConsoleFailure, InterruptedException;
    }
}
