package org.vigil.ingest.app;

/** What a reader asked for: shown, withheld (above the reader's clearance), or not there. */
public sealed interface Found<T> {

    record Shown<T>(T value) implements Found<T> {
    }

    record Withheld<T>() implements Found<T> {
    }

    record Missing<T>() implements Found<T> {
    }
}
