package org.vigil.casefile.store;

import java.util.List;

/**
 * A record on the events topic that is not a Vigil CloudEvent, kept as it came: where it was, its key, headers and
 * value as bytes, and why it could not be read.
 */
public record UnreadableRecord(String topic, int partition, long offset, byte[] key, List<Header> headers, byte[] value,
                               String reason) {

    public record Header(String name, byte[] value) {
    }
}
