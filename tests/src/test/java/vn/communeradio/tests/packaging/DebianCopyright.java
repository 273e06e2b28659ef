package vn.communeradio.tests.packaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The package's machine-readable copyright file (copyright-format 1.0) as paragraphs of fields, and what it fails
 * to say about a package's files: the check that keeps the jars shipped and the jars licensed from drifting apart.
 */
record DebianCopyright(List<Map<String, String>> paragraphs) {

    /** Paragraphs are separated by blank lines; a line starting with a space continues the field before it. */
    static DebianCopyright parse(String text) {
        List<Map<String, String>> paragraphs = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    paragraphs.add(current);
                    current = new LinkedHashMap<>();
                }
                last = null;
            } else if (line.startsWith(" ") && last != null) {
                current.merge(last, "\n" + line.substring(1), String::concat);
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("not a field or a continuation: '" + line + "'");
                }
                last = line.substring(0, colon);
                current.put(last, line.substring(colon + 1).strip());
            }
        }
        if (!current.isEmpty()) {
            paragraphs.add(current);
        }
        return new DebianCopyright(paragraphs);
    }

    /**
     * What is wrong between this file and a package holding {@code shipped} (paths without the leading '/'): a jar
     * that only the catch-all "Files: *" covers, a pattern that matches nothing shipped, a licence named in a Files
     * paragraph without a stand-alone License paragraph, and a License paragraph no Files paragraph uses.
     */
    List<String> problems(Set<String> shipped) {
        List<String> problems = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        List<Pattern> specific = new ArrayList<>();
        for (Map<String, String> p : paragraphs) {
            if (!p.containsKey("Files")) {
                continue;
            }
            used.addAll(licenceNames(p.getOrDefault("License", "")));
            for (String glob : p.get("Files").split("\\s+")) {
                if (glob.equals("*")) {
                    continue;
                }
                Pattern pattern = globToRegex(glob);
                specific.add(pattern);
                if (shipped.stream().noneMatch(f -> pattern.matcher(f).matches())) {
                    problems.add("'" + glob + "' matches nothing the package ships: remove it (and its paragraph if it"
                            + " was the last)");
                }
            }
        }
        for (String file : shipped) {
            if (file.endsWith(".jar") && specific.stream().noneMatch(p -> p.matcher(file).matches())) {
                problems.add(file + " has no Files paragraph: add one with its copyright and licence (its pom, "
                        + "META-INF)");
            }
        }
        Set<String> defined = new LinkedHashSet<>();
        for (Map<String, String> p : paragraphs) {
            if (p.containsKey("License") && !p.containsKey("Files") && !p.containsKey("Format")) {
                String name = p.get("License").lines().findFirst().orElse("").strip();
                defined.add(name);
                if (!used.contains(name)) {
                    problems.add("License: " + name + " is used by no Files paragraph: remove it");
                }
            }
        }
        for (String name : used) {
            if (!defined.contains(name)) {
                problems.add("License: " + name + " has no stand-alone License paragraph with its text or where "
                        + "Debian keeps it");
            }
        }
        return problems;
    }

    /** "Apache-2.0 or LGPL-2.1+" names two licences (the first line of the field is the expression). */
    private static List<String> licenceNames(String field) {
        String expression = field.lines().findFirst().orElse("").strip();
        return expression.isEmpty() ? List.of() : List.of(expression.split("\\s+(?:or|and)\\s+|,\\s*"));
    }

    /** copyright-format's patterns: '*' any run of characters ('/' too), '?' one character. */
    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
