package org.resplice.app.api;

import java.util.List;
import java.util.Map;

/**
 * TCP splicing (DESIGN §4.1): connections to a VIP are handshaken by the controller, routed at layer
 * 7, and spliced onto a backend with switch flow rules that rewrite addresses, ports and sequence
 * numbers.
 */
public interface SpliceService {

    /** The splice table. */
    List<SpliceInfo> splices();

    /** Counter name → value, for the REST API. */
    Map<String, Long> counters();
}
