package org.resplice.loggernode.capture;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.resplice.splicecore.packet.Ip4Address;

/**
 * The BPF expression of what a front-end logger follows, so that the kernel, not Java, throws away
 * the rest of the mirror port's traffic:
 * <pre>
 * tcp and ((host 10.0.0.100 and port 80) or host 10.0.0.200 or (host 10.0.0.11 and port 80))
 * </pre>
 * VIP and backend terms name address and service port (either direction matches, since BPF's
 * {@code port} is source or destination). Proxy terms name only the address: proxy-side ports are
 * allocated per connection. Duplicates are written once; order is the order of the calls.
 */
public final class CaptureFilter {

    private final List<String> terms;

    private CaptureFilter(List<String> terms) {
        this.terms = List.copyOf(terms);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The BPF expression for libpcap. */
    public String expression() {
        return "tcp and (" + String.join(" or ", terms) + ")";
    }

    @Override
    public String toString() {
        return expression();
    }

    /** Collects the VIPs, proxy addresses and backends to follow; at least one is needed. */
    public static final class Builder {
        private final Set<String> terms = new LinkedHashSet<>();

        private Builder() {
        }

        /** A virtual IP and its service port, e.g. {@code 10.0.0.100:80}. */
        public Builder vip(Endpoint vip) {
            return service("vip", vip);
        }

        /** A backend and its service port, e.g. {@code 10.0.0.11:80}. */
        public Builder backend(Endpoint backend) {
            return service("backend", backend);
        }

        /** A server the backends call, with its service port, e.g. the IMAP server {@code 10.0.0.20:143}. */
        public Builder auxServer(Endpoint aux) {
            return service("auxServer", aux);
        }

        /** A proxy-side address the controller opens backend connections from (every port). */
        public Builder proxy(Ip4Address proxy) {
            Objects.requireNonNull(proxy, "proxy");
            checkAddress("proxy", proxy, proxy.toString());
            terms.add("host " + proxy);
            return this;
        }

        private Builder service(String field, Endpoint e) {
            Objects.requireNonNull(e, field);
            checkAddress(field, e.ip(), e.toString());
            if (e.port() == 0) {
                throw new IllegalArgumentException(field + ": " + e + " has port 0; name the service port");
            }
            terms.add("(host " + e.ip() + " and port " + e.port() + ")");
            return this;
        }

        private static void checkAddress(String field, Ip4Address ip, String text) {
            int v = ip.toInt();
            if (v == 0 || v == -1 || (v >>> 28) == 0xE) {
                throw new IllegalArgumentException(field + ": " + text
                        + " is not a unicast address; name the host's own address");
            }
        }

        /** @throws IllegalStateException if nothing was named: a logger that follows nothing is misconfigured */
        public CaptureFilter build() {
            if (terms.isEmpty()) {
                throw new IllegalStateException("the capture filter names no VIP, proxy or backend; configure at"
                        + " least one VIP so the logger has something to follow");
            }
            return new CaptureFilter(new ArrayList<>(terms));
        }
    }
}
