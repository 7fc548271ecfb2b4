package org.resplice.tagconfig;

/**
 * What the {@link TagMatcher} needs to know about one request. One subclass per protocol:
 * {@link HttpRequestHead}, {@link ImapCommand}, {@link LineCommand}; no others exist.
 */
public abstract class RequestSummary {

    RequestSummary() {
    }

    /** The protocol this request belongs to. */
    public abstract Protocol protocol();
}
