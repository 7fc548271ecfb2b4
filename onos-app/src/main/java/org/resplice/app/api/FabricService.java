package org.resplice.app.api;

import java.util.Map;

/**
 * The switching fabric under the splices: ARP for the VIPs, proxy-side addresses and known hosts,
 * proactive forwarding among configured hosts, and the mirror of backend traffic to the logger.
 */
public interface FabricService {

    /** Counter name → value, for the REST API. */
    Map<String, Long> counters();
}
