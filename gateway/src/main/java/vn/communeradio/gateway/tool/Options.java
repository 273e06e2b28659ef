package vn.communeradio.gateway.tool;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GNU-style options of one subcommand: {@code --name value}, {@code --name=value} and bare flags. Anything
 * else (a positional word, an unknown or repeated option) is refused: a silently ignored typo in a command
 * that switches loudspeakers is worse than an error.
 */
record Options(Map<String, String> values, Set<String> flags) {

    static Options parse(String command, List<String> args, Set<String> valued, Set<String> flagNames)
            throws UsageException {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("-h")) {
                name = "--help";
            }
            if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(command + ": " + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (values.put(name, value) != null) {
                    throw new UsageException(command + ": " + name + " is given twice");
                }
            } else if (flagNames.contains(name) && value == null) {
                flags.add(name);
            } else if (flagNames.contains(name)) {
                throw new UsageException(command + ": " + name + " takes no value");
            } else {
                throw new UsageException(command + ": unexpected argument '" + Names.printable(arg)
                        + "' (commune-radio " + command + " --help lists the options)");
            }
        }
        return new Options(Map.copyOf(values), Set.copyOf(flags));
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String command, String name) throws UsageException {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException(command + ": " + name + " is required");
        }
        return value;
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }
}
