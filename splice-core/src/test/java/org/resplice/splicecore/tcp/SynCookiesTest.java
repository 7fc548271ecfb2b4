package org.resplice.splicecore.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import org.junit.jupiter.api.Test;
import org.resplice.splicecore.packet.Ip4Address;

class SynCookiesTest {

    static final long SLOT = SynCookies.DEFAULT_SLOT_NANOS;
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    static final Ip4Address CLIENT = Ip4Address.valueOf("192.0.2.7");
    static final Ip4Address VIP = Ip4Address.valueOf("10.0.0.100");

    final FakeClock clock = new FakeClock(5 * SLOT + 12345);
    final SynCookies cookies = new SynCookies(SECRET, clock);

    private int encode(int isn, SynOptions o) {
        return cookies.encode(CLIENT, 40000, VIP, 80, isn, o);
    }

    private Optional<SynOptions> check(int isn, int cookie) {
        return cookies.check(CLIENT, 40000, VIP, 80, isn, cookie);
    }

    @Test
    void roundTripCarriesTheOptions() {
        SynOptions all = SynOptions.of(1460, 7, true);
        assertEquals(Optional.of(all), check(1000, encode(1000, all)));
        SynOptions none = SynOptions.of(536, SynOptions.NO_WINDOW_SCALE, false);
        assertEquals(Optional.of(none), check(1000, encode(1000, none)));
        SynOptions ws0 = SynOptions.of(8960, 0, false);
        assertEquals(Optional.of(ws0), check(-1, encode(-1, ws0)));
        SynOptions ws14 = SynOptions.of(1200, 14, true);
        assertEquals(Optional.of(ws14), check(0, encode(0, ws14)));
    }

    @Test
    void mssIsRoundedDownToTheTable() {
        assertEquals(1440, check(1, encode(1, SynOptions.of(1448, 2, false))).get().mss());
        assertEquals(1460, check(1, encode(1, SynOptions.of(1500, 2, false))).get().mss());
        assertEquals(8960, check(1, encode(1, SynOptions.of(65495, 2, false))).get().mss());
        assertEquals(536, check(1, encode(1, SynOptions.of(100, 2, false))).get().mss());
        assertEquals(0, SynCookies.mssIndex(536));
        assertEquals(1, SynCookies.mssIndex(1200));
        assertEquals(1, SynCookies.mssIndex(1359));
        assertEquals(7, SynCookies.mssIndex(9000));
    }

    @Test
    void layoutIsAsDocumented() {
        clock.set(6 * SLOT); // even slot
        int c = encode(77, SynOptions.of(1460, 7, true));
        assertEquals(6, c & 7, "mss index");
        assertEquals(7, (c >>> 3) & 0xF, "window scale");
        assertEquals(1, (c >>> 7) & 1, "sack");
        assertEquals(0, (c >>> 8) & 1, "slot parity");
        clock.set(7 * SLOT);
        int d = encode(77, SynOptions.of(536, SynOptions.NO_WINDOW_SCALE, false));
        assertEquals(0, d & 7);
        assertEquals(15, (d >>> 3) & 0xF);
        assertEquals(0, (d >>> 7) & 1);
        assertEquals(1, (d >>> 8) & 1);
    }

    @Test
    void wrongConnectionOrIsnOrSecretIsRejected() {
        SynOptions o = SynOptions.of(1460, 7, true);
        int c = encode(1000, o);
        assertFalse(check(1001, c).isPresent(), "client ISN");
        assertFalse(cookies.check(CLIENT, 40001, VIP, 80, 1000, c).isPresent(), "client port");
        assertFalse(cookies.check(Ip4Address.valueOf("192.0.2.8"), 40000, VIP, 80, 1000, c).isPresent(), "client ip");
        assertFalse(cookies.check(CLIENT, 40000, VIP, 443, 1000, c).isPresent(), "server port");
        assertFalse(cookies.check(CLIENT, 40000, Ip4Address.valueOf("10.0.0.101"), 80, 1000, c).isPresent());
        byte[] other = SECRET.clone();
        other[0] ^= 1;
        assertFalse(new SynCookies(other, clock).check(CLIENT, 40000, VIP, 80, 1000, c).isPresent(), "secret");
    }

    /** Flipping any one bit of a cookie (tag or data) makes it fail. */
    @Test
    void everyBitFlipIsRejected() {
        for (int isn : new int[] {0, 1, 0x7FFFFFFF, 0xFFFFFFF0, 123456789}) {
            int c = encode(isn, SynOptions.of(1400, 3, true));
            for (int bit = 0; bit < 32; bit++) {
                assertFalse(check(isn, c ^ (1 << bit)).isPresent(), "bit " + bit + " isn " + isn);
            }
        }
    }

    @Test
    void acceptedInTheNextSlotRejectedAfter() {
        SynOptions o = SynOptions.of(1460, 7, true);
        clock.set(10 * SLOT + SLOT - 1); // the last nanosecond of slot 10
        int c = encode(5, o);
        assertTrue(check(5, c).isPresent());
        clock.advanceNanos(1); // slot 11: previous slot accepted
        assertTrue(check(5, c).isPresent());
        clock.set(11 * SLOT + SLOT - 1);
        assertTrue(check(5, c).isPresent());
        clock.advanceNanos(1); // slot 12: too old, even though the parity bit matches again
        assertFalse(check(5, c).isPresent());
        clock.set(13 * SLOT);
        assertFalse(check(5, c).isPresent());
        // A cookie from the future (clock went backwards one slot) is not accepted either.
        clock.set(20 * SLOT);
        int later = encode(5, o);
        clock.set(19 * SLOT);
        assertFalse(check(5, later).isPresent());
    }

    @Test
    void sameInputsInAnotherSlotGiveAnotherCookie() {
        SynOptions o = SynOptions.of(1460, 7, true);
        int a = encode(5, o);
        clock.advanceNanos(2 * SLOT);
        assertNotEquals(a, encode(5, o));
    }

    @Test
    void negativeClockWorks() {
        FakeClock neg = new FakeClock(-3 * SLOT - 1);
        SynCookies c = new SynCookies(SECRET, neg, SLOT);
        assertEquals(-4, c.slot());
        int cookie = c.encode(CLIENT, 1, VIP, 2, 3, SynOptions.of(1460, 1, false));
        neg.advanceNanos(SLOT);
        assertTrue(c.check(CLIENT, 1, VIP, 2, 3, cookie).isPresent());
        neg.advanceNanos(SLOT);
        assertFalse(c.check(CLIENT, 1, VIP, 2, 3, cookie).isPresent());
    }

    @Test
    void rejectsShortSecrets() {
        assertThrows(IllegalArgumentException.class, () -> new SynCookies(new byte[15], clock));
        SynCookies random = SynCookies.withRandomSecret(clock);
        int c = random.encode(CLIENT, 1, VIP, 2, 3, SynOptions.of(1460, 7, true));
        assertTrue(random.check(CLIENT, 1, VIP, 2, 3, c).isPresent());
        assertFalse(cookies.check(CLIENT, 1, VIP, 2, 3, c).isPresent(), "secrets differ");
    }

    @Property(tries = 300)
    void roundTripProperty(@ForAll int clientIp, @ForAll @IntRange(max = 0xFFFF) int cport,
            @ForAll @IntRange(max = 0xFFFF) int sport, @ForAll int isn, @ForAll @IntRange(min = 536, max = 0xFFFF) int mss,
            @ForAll @IntRange(min = -1, max = 14) int ws, @ForAll boolean sack, @ForAll long now) {
        FakeClock c = new FakeClock(now);
        SynCookies sc = new SynCookies(SECRET, c, 1_000_000_000L);
        int cookie = sc.encode(Ip4Address.of(clientIp), cport, VIP, sport, isn, SynOptions.of(mss, ws, sack));
        Optional<SynOptions> back = sc.check(Ip4Address.of(clientIp), cport, VIP, sport, isn, cookie);
        assertTrue(back.isPresent());
        assertEquals(ws, back.get().windowScale());
        assertEquals(sack, back.get().sackPermitted());
        assertEquals(SynCookies.MSS_TABLE[SynCookies.mssIndex(mss)], back.get().mss());
        assertTrue(back.get().mss() <= mss);
    }
}
