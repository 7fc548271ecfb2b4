package org.resplice.controller.openflow;

/** Where the pipeline reports switches coming and going; implemented by {@link OpenFlowServer}. */
interface SwitchRegistry {

    /** A connection finished its handshake. Replaces any connection of the same datapath id. */
    void connected(SwitchConnection sw);

    /** A handshaken connection closed. */
    void disconnected(SwitchConnection sw);
}
