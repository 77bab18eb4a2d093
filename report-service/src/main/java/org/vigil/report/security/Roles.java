package org.vigil.report.security;

/**
 * The roles a bearer token carries (claim {@code groups}, or the claim named by {@code smallrye.jwt.path.groups}):
 * recorder appends and imports events; analyst reads what its clearance allows and writes reports; viewer reads
 * public data only; admin rebuilds and replays, and reads everything.
 */
public final class Roles {

    public static final String RECORDER = "recorder";
    public static final String ANALYST = "analyst";
    public static final String VIEWER = "viewer";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
