package org.resplice.controller.openflow;

import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortStatus;

/**
 * What the OpenFlow server tells the controller about its switches.
 *
 * <p>Callbacks run on the connection's Netty event-loop thread, in the order the switch sent the
 * messages. They must return quickly and must not wait on a future of the same switch (that
 * future completes on the very thread the callback occupies). {@code switchConnected} and
 * {@code switchDisconnected} are serialised across all switches, and for one datapath id the
 * disconnect of a replaced connection is always announced before the connect of its replacement.
 * An exception thrown by a callback is logged and otherwise ignored.
 */
public interface OpenFlowSwitchListener {

    /** After HELLO, FEATURES, SET_CONFIG (miss_send_len = NO_BUFFER) and PORT_DESC are done. */
    void switchConnected(OpenFlowSwitch sw);

    void switchDisconnected(OpenFlowSwitch sw);

    void portChanged(OpenFlowSwitch sw, OFPortStatus status);

    void packetIn(OpenFlowSwitch sw, OFPacketIn packetIn);

    void flowRemoved(OpenFlowSwitch sw, OFFlowRemoved flowRemoved);

    /**
     * Errors not claimed by a pending {@code sendWithBarrier} or {@code flowStats}. Describe them with
     * {@link OpenFlowErrorException#describe}: OpenFlowJ's {@code toString()} of an error throws when
     * the echoed request is truncated, as switches commonly send it.
     */
    void errorReceived(OpenFlowSwitch sw, OFErrorMsg error);
}
