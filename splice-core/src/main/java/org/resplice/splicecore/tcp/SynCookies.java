package org.resplice.splicecore.tcp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.resplice.splicecore.packet.Ip4Address;
import org.resplice.splicecore.packet.TcpOption;

/**
 * Stateless SYN cookies: the ISN of our SYN-ACK carries what the client's SYN offered, so no state
 * is kept until the client's ACK returns it (DESIGN §4.1 step 1).
 *
 * <h2>Cookie layout (bit 31 is the most significant bit of the ISN)</h2>
 * <pre>
 *  31                                     9   8   7   6     3  2   0
 * +----------------------------------------+---+---+-------+-----+
 * |          tag: 23 bits of the MAC       | t | s |  ws   | mss |
 * +----------------------------------------+---+---+-------+-----+
 *   t    low bit of the time slot counter (slot = floor(clock / slotLength))
 *   s    1 if the client offered SACK-permitted
 *   ws   the client's window scale shift 0..14 (a larger offer is recorded as 14); 15 = not offered
 *   mss  index into {@link #MSS_TABLE}: the largest entry not above the client's MSS (0 if below 536)
 *   tag  the top 23 bits of HMAC-SHA256(secret, slot[8] | clientIp[4] | serverIp[4] | clientPort[2]
 *        | serverPort[2] | clientIsn[4] | low 9 bits of the cookie[2]), all big-endian
 * </pre>
 * The full 64-bit slot counter is MAC'd, the ISN carries only its low bit: {@link #check} takes the
 * current slot if its low bit matches, else the previous one, so a cookie is accepted during the
 * slot it was made in and the next one (between one and two slot lengths) and rejected after. A
 * forged ACK passes with probability 2^-23. The ACK that returns a cookie carries ack = cookie + 1
 * and seq = client ISN + 1.
 *
 * <p>Thread-safe: the MAC is per thread.
 */
public final class SynCookies {

    /** MSS values a cookie can carry (index = 3-bit field). */
    public static final int[] MSS_TABLE = {536, 1200, 1360, 1400, 1440, 1452, 1460, 8960};
    /** As Linux's cookie counter: 64 s, accepted for up to two slots. */
    public static final long DEFAULT_SLOT_NANOS = 64_000_000_000L;

    private static final int TAG_BITS = 23;
    private static final int DATA_BITS = 32 - TAG_BITS;
    private static final int DATA_MASK = (1 << DATA_BITS) - 1;
    private static final int WS_NONE = 15;

    private final SecretKeySpec key;
    private final Clock clock;
    private final long slotNanos;
    private final ThreadLocal<Mac> mac;

    /**
     * @param secret at least 16 bytes, kept private by the caller
     * @param slotNanos the length of a time slot
     */
    public SynCookies(byte[] secret, Clock clock, long slotNanos) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("a SYN cookie secret needs at least 16 bytes");
        }
        if (slotNanos <= 0) {
            throw new IllegalArgumentException("slot length " + slotNanos);
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.clock = clock;
        this.slotNanos = slotNanos;
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    public SynCookies(byte[] secret, Clock clock) {
        this(secret, clock, DEFAULT_SLOT_NANOS);
    }

    /** Cookies keyed with 32 bytes from {@link SecureRandom}. */
    public static SynCookies withRandomSecret(Clock clock) {
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        return new SynCookies(s, clock);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The current time slot. */
    public long slot() {
        return Math.floorDiv(clock.nanos(), slotNanos);
    }

    /** The table index for an MSS: the largest entry not above it, 0 when it is below every entry. */
    public static int mssIndex(int mss) {
        for (int i = MSS_TABLE.length - 1; i > 0; i--) {
            if (mss >= MSS_TABLE[i]) {
                return i;
            }
        }
        return 0;
    }

    /**
     * The ISN for the SYN-ACK answering a SYN from client to server.
     *
     * @param clientIsn the sequence number of the client's SYN
     * @param offered what the client's SYN offered
     */
    public int encode(Ip4Address clientIp, int clientPort, Ip4Address serverIp, int serverPort, int clientIsn,
            SynOptions offered) {
        long slot = slot();
        int ws = offered.hasWindowScale() ? Math.min(offered.windowScale(), TcpOption.MAX_WINDOW_SHIFT) : WS_NONE;
        int data = ((int) (slot & 1) << 8) | ((offered.sackPermitted() ? 1 : 0) << 7) | (ws << 3)
                | mssIndex(offered.mss());
        return (tag(slot, clientIp, clientPort, serverIp, serverPort, clientIsn, data) << DATA_BITS) | data;
    }

    /**
     * Checks a cookie returned by the client's ACK ({@code cookie = SEG.ACK - 1},
     * {@code clientIsn = SEG.SEQ - 1}) and returns what the SYN offered (MSS rounded down to
     * {@link #MSS_TABLE}), or empty when the cookie is forged, for another connection, or older than
     * the previous slot.
     */
    public Optional<SynOptions> check(Ip4Address clientIp, int clientPort, Ip4Address serverIp, int serverPort,
            int clientIsn, int cookie) {
        int data = cookie & DATA_MASK;
        long now = slot();
        long slot = (now & 1) == ((data >>> 8) & 1) ? now : now - 1;
        int expected = tag(slot, clientIp, clientPort, serverIp, serverPort, clientIsn, data);
        if (expected != cookie >>> DATA_BITS) {
            return Optional.empty();
        }
        int ws = (data >>> 3) & 0xF;
        return Optional.of(SynOptions.of(MSS_TABLE[data & 7], ws == WS_NONE ? SynOptions.NO_WINDOW_SCALE : ws,
                ((data >>> 7) & 1) != 0));
    }

    private int tag(long slot, Ip4Address clientIp, int clientPort, Ip4Address serverIp, int serverPort,
            int clientIsn, int data) {
        ByteBuffer msg = ByteBuffer.allocate(26);
        msg.putLong(slot).putInt(clientIp.toInt()).putInt(serverIp.toInt()).putShort((short) clientPort)
                .putShort((short) serverPort).putInt(clientIsn).putShort((short) data);
        byte[] h = mac.get().doFinal(msg.array());
        int top = ((h[0] & 0xFF) << 24) | ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
        return top >>> DATA_BITS;
    }
}
