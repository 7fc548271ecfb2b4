/**
 * The embedded runtime's OpenFlow 1.3 side: {@link org.resplice.controller.openflow.OpenFlowServer}
 * accepts switch connections and reports them to an
 * {@link org.resplice.controller.openflow.OpenFlowSwitchListener}; each connection is an
 * {@link org.resplice.controller.openflow.OpenFlowSwitch} for sending messages, barriers and
 * flow-stats requests. {@link org.resplice.controller.openflow.FlowRuleTranslator} turns ONOS flow
 * rules and outbound packets into OpenFlowJ messages, and {@link org.resplice.controller.openflow.FlowKey}
 * compares installed entries with flow mods for reconciliation.
 *
 * <p>Per connection, a Netty pipeline of small handlers, each with one job (see
 * {@link org.resplice.controller.openflow.OpenFlowServer}). A malformed message from a switch costs
 * only itself: it is answered with OFPT_ERROR, counted and skipped.
 */
package org.resplice.controller.openflow;
