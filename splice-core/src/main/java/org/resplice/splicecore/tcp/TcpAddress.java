package org.resplice.splicecore.tcp;

import java.util.Objects;

import org.resplice.splicecore.packet.Ip4Address;
import org.resplice.splicecore.packet.MacAddress;

/** One end of a TCP connection as it appears in a frame: MAC, IPv4 address and port. */
public final class TcpAddress {

    private final MacAddress mac;
    private final Ip4Address ip;
    private final int port;

    private TcpAddress(MacAddress mac, Ip4Address ip, int port) {
        this.mac = Objects.requireNonNull(mac);
        this.ip = Objects.requireNonNull(ip);
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port);
        }
        this.port = port;
    }

    public static TcpAddress of(MacAddress mac, Ip4Address ip, int port) {
        return new TcpAddress(mac, ip, port);
    }

    public static TcpAddress of(String mac, String ip, int port) {
        return new TcpAddress(MacAddress.valueOf(mac), Ip4Address.valueOf(ip), port);
    }

    public MacAddress mac() {
        return mac;
    }

    public Ip4Address ip() {
        return ip;
    }

    public int port() {
        return port;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TcpAddress)) {
            return false;
        }
        TcpAddress a = (TcpAddress) o;
        return mac.equals(a.mac) && ip.equals(a.ip) && port == a.port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mac, ip, port);
    }

    @Override
    public String toString() {
        return ip + ":" + port + "(" + mac + ")";
    }
}
