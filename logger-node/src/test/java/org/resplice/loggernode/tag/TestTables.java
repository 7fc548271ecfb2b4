package org.resplice.loggernode.tag;

import org.resplice.tagconfig.TagTable;
import org.resplice.tagconfig.TagTableCodec;

/** Tag tables for tests, written in the JSON format operators use. */
public final class TestTables {

    private TestTables() {
    }

    /** webmail/http: GET under {@code staticPrefix} read-only; POST /login conservative; default deterministic update idempotent. */
    public static TagTable webmail(String staticPrefix) {
        return TagTableCodec.parse("{\"application\": \"webmail\", \"protocol\": \"http\", \"rules\": ["
                + "{\"match\": {\"method\": \"GET\", \"path\": \"^" + staticPrefix + "\"},"
                + " \"tags\": [\"deterministic\", \"read-only\", \"idempotent\"]},"
                + "{\"match\": {\"method\": \"POST\", \"path\": \"^/login$\"},"
                + " \"tags\": [\"non-deterministic\", \"update\", \"non-idempotent\"]}],"
                + " \"default\": [\"deterministic\", \"update\", \"idempotent\"]}");
    }

    /** mail/imap: UID FETCH read-only; everything else conservative. */
    public static TagTable mail() {
        return TagTableCodec.parse("{\"application\": \"mail\", \"protocol\": \"imap\", \"rules\": ["
                + "{\"match\": {\"command\": \"UID FETCH\"}, \"tags\": [\"deterministic\", \"read-only\", \"idempotent\"]}]}");
    }
}
