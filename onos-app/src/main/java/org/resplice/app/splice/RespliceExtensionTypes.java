package org.resplice.app.splice;

import org.onosproject.net.flow.instructions.ExtensionTreatmentType;

/** Extension treatment types of resplice; not among ONOS's built-in ones. */
public final class RespliceExtensionTypes {

    /** {@link TcpAdjustTreatment}; the number reads "RS". */
    public static final ExtensionTreatmentType TCP_ADJUST = new ExtensionTreatmentType(0x5253);

    private RespliceExtensionTypes() {
    }
}
