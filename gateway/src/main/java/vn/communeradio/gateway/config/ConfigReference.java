package vn.communeradio.gateway.config;

/** Renders {@link ConfigKeys} as the Markdown reference in {@code docs/configuration.md}. */
public final class ConfigReference {

    private ConfigReference() {
    }

    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
          .append("The service reads one Java properties file (UTF-8), by default ")
          .append("`/etc/commune-radio/gateway.properties`; `commune-radio check --config FILE` validates one.\n")
          .append("An unknown key, a bad value or a missing required key stops the service before it touches ")
          .append("anything, with exit status 2 and one line per problem.\n")
          .append("A key that is set but has no effect, the tuning of a feature that is off (`hal.sim.*` without ")
          .append("`hal.audio_in=sim`, `hearing.*` without `audio.sense_channel`, `announce.priority` without ")
          .append("`audio.line_channel`, `audio.jack.*` without JACK, `mqtt.tls.*` with a `tcp://` broker...), ")
          .append("is a warning, not an error: `config warning: KEY = VALUE has no effect: it is read only with ")
          .append("...`, printed by `check`, logged by `run` at start and shown by the console's `config` ")
          .append("commands. The file is a conffile that outlives changes: a station whose feature was switched ")
          .append("off with its tuning kept must still broadcast. An empty value counts as not set.\n\n")
          .append("This page is generated from `ConfigKeys.java` (`commune-radio config-reference`); ")
          .append("a test keeps them equal.\n\n")
          .append("| key | default | accepted | what it is for |\n")
          .append("|---|---|---|---|\n");
        for (Key<?> key : ConfigKeys.all()) {
            String def = key.required() ? "**required**" : key.pattern() != null ? "see text" : key.defaultText().isEmpty()
                    ? "(empty)" : "`" + key.defaultText() + "`";
            md.append("| `").append(key.name()).append("` | ").append(def).append(" | ")
              .append(key.accepted()).append(" | ").append(key.doc()).append(" |\n");
        }
        return md.toString();
    }
}
