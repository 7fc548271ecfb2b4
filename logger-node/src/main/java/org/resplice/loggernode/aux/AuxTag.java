package org.resplice.loggernode.aux;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.resplice.splicecore.txn.TransactionId;

/**
 * The aux tag convention, defined here and nowhere else: the backend agent tags every IMAP command
 * it sends to the aux server with the resplice transaction id of the client transaction it serves
 * (design §4.3, paper: "a transaction ID can be part of the tag used with each IMAP command"):
 *
 * <pre>
 *   tag = "rs" 16*LOWERHEX [ "." SEQUENCE ]
 *   LOWERHEX = "0".."9" / "a".."f"          the 64-bit {@link TransactionId}, most significant digit first
 *   SEQUENCE = "0" / ("1".."9" *8DIGIT)      which aux request of the transaction this is, no leading zeros
 * </pre>
 *
 * For example {@code rs0a00000104000003.2} is aux request 2 of transaction 3 of client
 * 10.0.0.1:1024 (id {@code 0a000001} {@code 0400} {@code 0003}). Parsing is strict (exact length, lower case, canonical decimal) so that one
 * (transaction, sequence) pair has exactly one spelling: the cache matches a replayed command's
 * tag to a logged one by its text. A command without the sequence part is still indexed, but if
 * its transaction sent the same tag twice a replay of it is ambiguous and is not served.
 *
 * <p>Immutable; equal when the transaction id and sequence are.
 *
 * @param transactionId the 64-bit transaction id
 * @param sequence      the aux request's sequence number within the transaction, or
 *                      {@link #NO_SEQUENCE}
 */
public record AuxTag(long transactionId, int sequence) {

    /** {@link #sequence()} of a tag without the {@code .sequence} part. */
    public static final int NO_SEQUENCE = -1;

    /** The tag's fixed start. */
    public static final String PREFIX = "rs";

    /** Digits of the sequence part at most: 999,999,999 fits an int. */
    private static final int MAX_SEQUENCE_DIGITS = 9;

    /** "rs" + 16 hex digits. */
    private static final int ID_END = PREFIX.length() + 16;

    /** The longest tag the convention allows: "rs" + 16 + "." + 9. */
    public static final int MAX_LENGTH = ID_END + 1 + MAX_SEQUENCE_DIGITS;

    /** @throws IllegalArgumentException if {@code sequence} is neither {@link #NO_SEQUENCE} nor 0..999,999,999 */
    public AuxTag {
        if (sequence != NO_SEQUENCE && (sequence < 0 || sequence > 999_999_999)) {
            throw new IllegalArgumentException("sequence must be " + NO_SEQUENCE + " (none) or 0..999999999, not "
                    + sequence);
        }
    }

    /** The tag of aux request {@code sequence} of transaction {@code transactionId}. */
    public static AuxTag of(long transactionId, int sequence) {
        return new AuxTag(transactionId, sequence);
    }

    /** A tag without a sequence number. */
    public static AuxTag of(long transactionId) {
        return new AuxTag(transactionId, NO_SEQUENCE);
    }

    /** Whether the tag has the {@code .sequence} part. */
    public boolean hasSequence() {
        return sequence != NO_SEQUENCE;
    }

    /** The tag as the backend agent writes it, e.g. {@code rs0a00000104000003.2}. */
    public String text() {
        String hex = Long.toHexString(transactionId);
        StringBuilder sb = new StringBuilder(MAX_LENGTH).append(PREFIX);
        for (int i = hex.length(); i < 16; i++) {
            sb.append('0');
        }
        sb.append(hex);
        if (hasSequence()) {
            sb.append('.').append(sequence);
        }
        return sb.toString();
    }

    /**
     * Parses a tag strictly.
     *
     * @param tag an IMAP tag as sent (case-sensitive); null gives empty
     * @return the parsed tag, or empty if {@code tag} does not follow the convention exactly
     */
    public static Optional<AuxTag> parse(String tag) {
        if (tag == null || tag.length() < ID_END || tag.length() > MAX_LENGTH || !tag.startsWith(PREFIX)) {
            return Optional.empty();
        }
        long id = 0;
        for (int i = PREFIX.length(); i < ID_END; i++) {
            int digit = lowerHexDigit(tag.charAt(i));
            if (digit < 0) {
                return Optional.empty();
            }
            id = (id << 4) | digit;
        }
        if (tag.length() == ID_END) {
            return Optional.of(new AuxTag(id, NO_SEQUENCE));
        }
        if (tag.charAt(ID_END) != '.') {
            return Optional.empty();
        }
        int first = ID_END + 1;
        int digits = tag.length() - first;
        if (digits == 0 || (digits > 1 && tag.charAt(first) == '0')) {
            return Optional.empty(); // empty or not canonical: "rs….", "rs….01"
        }
        int sequence = 0;
        for (int i = first; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            sequence = sequence * 10 + (c - '0'); // at most 9 digits (length check): no overflow
        }
        return Optional.of(new AuxTag(id, sequence));
    }

    /**
     * Reads and parses the tag of an IMAP command: the bytes before the first space.
     *
     * @param command the command's bytes, starting with its tag
     * @return the parsed tag, or empty if the command does not start with a tag that follows the
     *         convention and a space
     */
    public static Optional<AuxTag> ofCommand(byte[] command) {
        String tag = tagText(command);
        return tag == null ? Optional.empty() : parse(tag);
    }

    /**
     * The first token of an IMAP command (its tag) if it is followed by a space within
     * {@link #MAX_LENGTH} + 1 bytes, else null. The text is ISO-8859-1, so any byte maps to a char.
     */
    static String tagText(byte[] command) {
        if (command == null) {
            return null;
        }
        int limit = Math.min(command.length, MAX_LENGTH + 1);
        for (int i = 0; i < limit; i++) {
            if (command[i] == ' ') {
                return i == 0 ? null : new String(command, 0, i, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static int lowerHexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /** The tag text; see {@link #text()}. */
    @Override
    public String toString() {
        return text();
    }
}
