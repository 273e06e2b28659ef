package vn.communeradio.gateway.hearing;

/**
 * When a session counts as heard.
 *
 * @param minLevelDb the sense input must be at least this loud while the programme plays (dBFS)
 * @param minMatch   and follow what was sent at least this well (0..1)
 */
public record HearingSettings(double minLevelDb, double minMatch) {
}
