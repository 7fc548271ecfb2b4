package org.resplice.app.splice;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionExperimenter;
import org.resplice.splicecore.adjust.TcpAdjustWire;
import org.resplice.splicecore.adjust.TcpAdjustment;

/**
 * The RESPLICE_TCP_ADJUST experimenter action as an OpenFlowJ action, so it travels inside an
 * ordinary OFFlowMod. OpenFlowJ has no generic experimenter action, hence this small class; the
 * bytes are {@link TcpAdjustWire}'s. Shared by the embedded runtime's flow translator and (with
 * ONOS's OpenFlow driver API) a driver interpreter.
 */
public final class TcpAdjustAction implements OFActionExperimenter {

    private final TcpAdjustment adjustment;
    private final byte[] wire;

    public TcpAdjustAction(TcpAdjustment adjustment) {
        this.adjustment = adjustment;
        this.wire = TcpAdjustWire.encode(adjustment);
    }

    public TcpAdjustment adjustment() {
        return adjustment;
    }

    @Override
    public OFActionType getType() {
        return OFActionType.EXPERIMENTER;
    }

    @Override
    public long getExperimenter() {
        return TcpAdjustWire.EXPERIMENTER;
    }

    @Override
    public OFVersion getVersion() {
        return OFVersion.OF_13;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeBytes(wire);
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putBytes(wire);
    }

    @Override
    public OFActionExperimenter.Builder createBuilder() {
        throw new UnsupportedOperationException("TcpAdjustAction is immutable; make a new one");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpAdjustAction && ((TcpAdjustAction) o).adjustment.equals(adjustment);
    }

    @Override
    public int hashCode() {
        return adjustment.hashCode();
    }

    @Override
    public String toString() {
        return "resplice_tcp_adjust(" + adjustment + ")";
    }
}
