package org.resplice.splicecore.packet;

import java.util.Arrays;

/** An immutable 48-bit Ethernet address. */
public final class MacAddress {

    public static final int LENGTH = 6;
    public static final MacAddress ZERO = new MacAddress(new byte[LENGTH]);
    public static final MacAddress BROADCAST = valueOf("ff:ff:ff:ff:ff:ff");

    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The address held in six bytes (copied). */
    public static MacAddress of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + bytes.length);
        }
        return new MacAddress(bytes.clone());
    }

    static MacAddress read(byte[] b, int off) {
        return new MacAddress(Arrays.copyOfRange(b, off, off + LENGTH));
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (or with {@code -}). */
    public static MacAddress valueOf(String text) {
        String[] parts = text.split("[:-]", -1);
        if (parts.length != LENGTH) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            if (parts[i].length() != 2) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            try {
                b[i] = (byte) Integer.parseInt(parts[i], 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address: " + text, e);
            }
        }
        return new MacAddress(b);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    void write(byte[] b, int off) {
        System.arraycopy(bytes, 0, b, off, LENGTH);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress && Arrays.equals(bytes, ((MacAddress) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        return sb.toString();
    }
}
