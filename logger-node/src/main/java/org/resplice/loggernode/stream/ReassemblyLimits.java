package org.resplice.loggernode.stream;

/**
 * Memory bounds of one {@link DirectionReassembler}. Together with the per-connection count these
 * bound what stream rebuild can hold, whatever the capture delivers.
 *
 * @param maxHeldBytes    out-of-order bytes held while waiting for a hole to fill; beyond this the
 *                        hole is declared a gap (capture loss) and the held bytes are delivered
 * @param maxHeldSegments out-of-order pieces held (each costs a map entry and an array header, so
 *                        many tiny segments are bounded separately from their bytes)
 * @param historyBytes    delivered bytes kept to check retransmissions against (0 turns the check
 *                        off); retransmitted bytes older than this are not checked
 */
public record ReassemblyLimits(int maxHeldBytes, int maxHeldSegments, int historyBytes) {

    public ReassemblyLimits {
        if (maxHeldBytes < 0 || maxHeldSegments < 0 || historyBytes < 0) {
            throw new IllegalArgumentException("limits must not be negative: held bytes " + maxHeldBytes
                    + ", held segments " + maxHeldSegments + ", history bytes " + historyBytes);
        }
    }

    /**
     * 1 MiB and 1024 pieces held (a few round trips of a fast LAN flow), 64 KiB of history (a
     * retransmission seen on the mirror repeats bytes at most about one window back).
     */
    public static ReassemblyLimits defaults() {
        return new ReassemblyLimits(1 << 20, 1024, 64 << 10);
    }
}
