package vn.communeradio.gateway.command;

/** A verified command's typed arguments; one record per {@code cmd} of the protocol. */
public sealed interface Command permits Play, Stop, Volume, Schedule, Ping, Keys, Update,
        Selftest {

    /** The {@code cmd} word. */
    String name();
}
