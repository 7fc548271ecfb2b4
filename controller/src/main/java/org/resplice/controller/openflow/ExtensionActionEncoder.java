package org.resplice.controller.openflow;

import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.action.OFAction;

/**
 * Turns an ONOS extension treatment (such as the resplice TCP-adjust action) into an OpenFlow
 * action. Plugged into {@link FlowRuleTranslator} by the runtime that owns the codec; without one,
 * EXTENSION instructions are rejected like any other unsupported instruction.
 */
@FunctionalInterface
public interface ExtensionActionEncoder {

    /**
     * @throws IllegalArgumentException if the extension is not one this encoder knows
     */
    OFAction encode(ExtensionTreatment extension, OFFactory factory);
}
