package org.resplice.controller.openflow;

import java.util.List;

import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFPortDesc;

/** User event fired by {@link HandshakeHandler} once the switch is ready for use. */
record HandshakeComplete(OFFeaturesReply features, List<OFPortDesc> ports) {
}
