package org.resplice.splicecore.txn;

/** The application protocols the framers understand. */
public enum Protocol {
    /** HTTP/1.0 and HTTP/1.1 (RFC 9112). */
    HTTP,
    /** IMAP4rev1 / IMAP4rev2 (RFC 3501, RFC 9051). */
    IMAP,
    /** Newline-delimited commands (shells and similar). */
    LINE
}
