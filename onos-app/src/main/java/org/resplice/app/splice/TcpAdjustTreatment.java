package org.resplice.app.splice;

import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.resplice.splicecore.adjust.TcpAdjustWire;
import org.resplice.splicecore.adjust.TcpAdjustment;

import java.util.Objects;

/**
 * The RESPLICE_TCP_ADJUST action as an ONOS extension treatment: added to a splice rule's
 * treatment with {@code TrafficTreatment.Builder#extension(new TcpAdjustTreatment(a), deviceId)}.
 * Its properties (seqDelta, ackDelta, sackDelta, wscaleShift) follow ONOS's extension convention;
 * {@link #serialize()} is the OpenFlow wire form ({@link TcpAdjustWire}).
 */
public final class TcpAdjustTreatment extends AbstractExtension implements ExtensionTreatment {

    // Field names are the extension's property names (AbstractExtension reads every field
    // reflectively, so this class has no other fields, static ones included).
    private int seqDelta;
    private int ackDelta;
    private int sackDelta;
    private int wscaleShift;

    /** For ONOS's extension resolver, which fills the properties afterwards. */
    public TcpAdjustTreatment() {
    }

    public TcpAdjustTreatment(TcpAdjustment adjustment) {
        set(adjustment);
    }

    private void set(TcpAdjustment a) {
        seqDelta = a.seqDelta();
        ackDelta = a.ackDelta();
        sackDelta = a.sackDelta();
        wscaleShift = a.wscaleShift();
    }

    public TcpAdjustment adjustment() {
        return TcpAdjustment.of(seqDelta, ackDelta, sackDelta, wscaleShift);
    }

    @Override
    public ExtensionTreatmentType type() {
        return RespliceExtensionTypes.TCP_ADJUST;
    }

    @Override
    public byte[] serialize() {
        return TcpAdjustWire.encode(adjustment());
    }

    @Override
    public void deserialize(byte[] data) {
        set(TcpAdjustWire.decode(data, 0, data.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpAdjustTreatment && ((TcpAdjustTreatment) o).adjustment().equals(adjustment());
    }

    @Override
    public int hashCode() {
        return Objects.hash(RespliceExtensionTypes.TCP_ADJUST, adjustment());
    }

    @Override
    public String toString() {
        return adjustment().toString();
    }
}
