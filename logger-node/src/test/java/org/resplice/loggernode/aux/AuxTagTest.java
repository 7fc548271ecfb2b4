package org.resplice.loggernode.aux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.resplice.splicecore.txn.TransactionId;

class AuxTagTest {

    @Test
    void formatsTheDocumentedExample() {
        long id = TransactionId.of(0x0A000001, 1024, 3);
        // 10.0.0.1 = 0a000001, port 1024 = 0400, ordinal 3 = 0003: 16 hex digits.
        assertEquals("rs0a00000104000003.2", AuxTag.of(id, 2).text());
        assertEquals("rs0a00000104000003", AuxTag.of(id).text());
    }

    @Test
    void parsesWhatItFormats() {
        long[] ids = {0, 1, -1, Long.MIN_VALUE, TransactionId.of(0xC0A80001, 65535, 65535)};
        int[] seqs = {AuxTag.NO_SEQUENCE, 0, 1, 10, 999_999_999};
        for (long id : ids) {
            for (int seq : seqs) {
                AuxTag t = new AuxTag(id, seq);
                assertEquals(Optional.of(t), AuxTag.parse(t.text()), t.text());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a001", "rs", "RS0a00000104000003", "rs0A00000104000003", "rs0a0000010400003",
            "rs0a0000010400000003", "rs0a00000104000003.", "rs0a00000104000003.02", "rs0a00000104000003.-1",
            "rs0a00000104000003.1a", "rs0a00000104000003.1234567890", "rs0a00000104000003x2",
            "rs0g00000104000003", " rs0a00000104000003", "rs0a00000104000003.1.2", "rs0a00000104000003.+1"})
    void rejectsTagsNotFollowingTheConventionExactly(String tag) {
        assertTrue(AuxTag.parse(tag).isEmpty(), tag);
    }

    @Test
    void readsTheTagOfACommand() {
        assertEquals(Optional.of(AuxTag.of(5, 1)), AuxTag.ofCommand(AuxTraffic.bytes("rs0000000000000005.1 NOOP\r\n")));
        assertFalse(AuxTag.ofCommand(AuxTraffic.bytes("rs0000000000000005.1\r\n")).isPresent(), "no space");
        assertFalse(AuxTag.ofCommand(AuxTraffic.bytes(" NOOP\r\n")).isPresent(), "empty tag");
        assertFalse(AuxTag.ofCommand(AuxTraffic.bytes("a1 NOOP\r\n")).isPresent(), "foreign tag");
    }

    @Test
    void refusesAnOutOfRangeSequence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AuxTag(1, -2));
        assertTrue(e.getMessage().contains("sequence"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AuxTag(1, 1_000_000_000));
    }
}
