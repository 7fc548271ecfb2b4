package org.resplice.splicecore.packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The ordered option list of a TCP header, at most 40 bytes encoded. Encoding pads with zero
 * bytes (EOL) to a multiple of 4; parsing stops at the first EOL, so an EOL and whatever follows
 * it are not part of the list.
 */
public final class TcpOptions {

    public static final int MAX_LENGTH = 40;
    public static final TcpOptions NONE = new TcpOptions(Collections.emptyList());

    private final List<TcpOption> options;

    private TcpOptions(List<TcpOption> options) {
        this.options = options;
    }

    public static TcpOptions of(TcpOption... options) {
        return of(Arrays.asList(options));
    }

    public static TcpOptions of(List<TcpOption> options) {
        List<TcpOption> copy = Collections.unmodifiableList(new ArrayList<>(options));
        int n = 0;
        for (TcpOption o : copy) {
            n += o.encodedLength();
        }
        if (n > MAX_LENGTH) {
            throw new IllegalArgumentException("TCP options take " + n + " bytes, more than 40");
        }
        return copy.isEmpty() ? NONE : new TcpOptions(copy);
    }

    static TcpOptions parse(byte[] b, int off, int len) throws MalformedPacketException {
        List<TcpOption> l = new ArrayList<>();
        int i = off;
        int end = off + len;
        while (i < end) {
            if (Bytes.u8(b, i) == TcpOption.KIND_EOL) {
                break;
            }
            TcpOption o = TcpOption.read(b, i, end);
            l.add(o);
            i += o.encodedLength();
        }
        return l.isEmpty() ? NONE : new TcpOptions(Collections.unmodifiableList(l));
    }

    /** The options in order (unmodifiable). */
    public List<TcpOption> list() {
        return options;
    }

    public boolean isEmpty() {
        return options.isEmpty();
    }

    /** The first option of the given kind. */
    public Optional<TcpOption> find(int kind) {
        for (TcpOption o : options) {
            if (o.kind() == kind) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    public OptionalInt mss() {
        Optional<TcpOption> o = find(TcpOption.KIND_MSS);
        return o.isPresent() ? OptionalInt.of(o.get().mssValue()) : OptionalInt.empty();
    }

    /** The window scale shift as carried (may exceed 14). */
    public OptionalInt windowScale() {
        Optional<TcpOption> o = find(TcpOption.KIND_WINDOW_SCALE);
        return o.isPresent() ? OptionalInt.of(o.get().windowScaleValue()) : OptionalInt.empty();
    }

    public boolean sackPermitted() {
        return find(TcpOption.KIND_SACK_PERMITTED).isPresent();
    }

    /** The blocks of the first SACK option, or an empty list. */
    public List<SackBlock> sackBlocks() {
        Optional<TcpOption> o = find(TcpOption.KIND_SACK);
        return o.isPresent() ? o.get().sackBlocks() : Collections.emptyList();
    }

    public Optional<TcpOption> timestamps() {
        return find(TcpOption.KIND_TIMESTAMPS);
    }

    /** The encoded length including EOL padding to a multiple of 4. */
    public int encodedLength() {
        int n = 0;
        for (TcpOption o : options) {
            n += o.encodedLength();
        }
        return (n + 3) & ~3;
    }

    /** Writes the options and zero padding; the caller provides {@link #encodedLength()} zeroed bytes. */
    void write(byte[] b, int off) {
        int i = off;
        for (TcpOption o : options) {
            o.write(b, i);
            i += o.encodedLength();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpOptions && ((TcpOptions) o).options.equals(options);
    }

    @Override
    public int hashCode() {
        return options.hashCode();
    }

    @Override
    public String toString() {
        return options.toString();
    }
}
