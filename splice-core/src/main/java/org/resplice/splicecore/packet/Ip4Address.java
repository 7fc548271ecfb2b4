package org.resplice.splicecore.packet;

/** An immutable IPv4 address held as a 32-bit int in network order (first octet in the top byte). */
public final class Ip4Address {

    private final int value;

    private Ip4Address(int value) {
        this.value = value;
    }

    public static Ip4Address of(int value) {
        return new Ip4Address(value);
    }

    /** Parses dotted-quad text, e.g. {@code 10.0.0.1}. */
    public static Ip4Address valueOf(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + text, e);
            }
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            v = (v << 8) | octet;
        }
        return new Ip4Address(v);
    }

    public int toInt() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ip4Address && ((Ip4Address) o).value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    @Override
    public String toString() {
        return (value >>> 24) + "." + ((value >>> 16) & 0xFF) + "." + ((value >>> 8) & 0xFF) + "." + (value & 0xFF);
    }
}
