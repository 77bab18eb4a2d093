package org.vigil.ingest.log;

/**
 * Who asks for an append and from where, for the audit log line that the append's own transaction writes: the events
 * and the line that records them commit together or not at all (migration V3, docs/data-protection.md).
 */
public record AuditNote(String actor, String roles, String client, String forwardedFor, String method, String path) {
}
