package org.resplice.controller.runtime;

import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.resplice.app.splice.TcpAdjustAction;
import org.resplice.app.splice.TcpAdjustTreatment;
import org.resplice.controller.openflow.ExtensionActionEncoder;

/** The extension treatments the resplice app uses, as OpenFlow actions (what a driver does in ONOS). */
public final class RespliceExtensions implements ExtensionActionEncoder {

    @Override
    public OFAction encode(ExtensionTreatment extension, OFFactory factory) {
        if (extension instanceof TcpAdjustTreatment) {
            return new TcpAdjustAction(((TcpAdjustTreatment) extension).adjustment());
        }
        throw new IllegalArgumentException("unknown extension treatment " + extension.type()
                + "; the embedded runtime encodes only resplice's TCP_ADJUST");
    }
}
