package org.resplice.loggernode.capture;

import java.util.Objects;

import org.resplice.splicecore.packet.Ip4Address;

/**
 * One end of a TCP connection as the logger names it: IPv4 address and port, written
 * {@code 10.0.0.11:80}. Immutable.
 *
 * @param ip   the IPv4 address
 * @param port 0 to 65535
 */
public record Endpoint(Ip4Address ip, int port) {

    public Endpoint {
        Objects.requireNonNull(ip, "ip");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
    }

    public static Endpoint of(String ip, int port) {
        return new Endpoint(Ip4Address.valueOf(ip), port);
    }

    /**
     * Parses {@code ip:port}.
     *
     * @param text  the text, e.g. {@code 10.0.0.11:80}
     * @param field what the text is (named in the error), e.g. {@code "backend"}
     * @throws IllegalArgumentException naming {@code field} if the text is not {@code a.b.c.d:port}
     */
    public static Endpoint parse(String text, String field) {
        if (text == null) {
            throw new IllegalArgumentException(field + ": missing; expected \"a.b.c.d:port\"");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(field + ": \"" + text + "\" is not \"a.b.c.d:port\"");
        }
        String portText = text.substring(colon + 1);
        if (portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(field + ": port \"" + portText + "\" of \"" + text
                    + "\" is not a number 0..65535");
        }
        int port = Integer.parseInt(portText);
        if (port > 0xFFFF) {
            throw new IllegalArgumentException(field + ": port " + port + " of \"" + text + "\" is above 65535");
        }
        Ip4Address ip;
        try {
            ip = Ip4Address.valueOf(text.substring(0, colon));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": \"" + text + "\" does not start with an IPv4 address", e);
        }
        return new Endpoint(ip, port);
    }

    @Override
    public String toString() {
        return ip + ":" + port;
    }
}
