package org.resplice.app.splice;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.resplice.splicecore.adjust.TcpAdjustWire;
import org.resplice.splicecore.adjust.TcpAdjustment;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class TcpAdjustTreatmentTest {

    private static final TcpAdjustment A = TcpAdjustment.of(0x10, -0x10, -0x10, 2);

    @Test
    void propertiesFollowOnosExtensionConvention() throws Exception {
        TcpAdjustTreatment t = new TcpAdjustTreatment();
        assertEquals(List.of("seqDelta", "ackDelta", "sackDelta", "wscaleShift"), t.getProperties());
        t.setPropertyValue("seqDelta", 0x10);
        t.setPropertyValue("ackDelta", -0x10);
        t.setPropertyValue("sackDelta", -0x10);
        t.setPropertyValue("wscaleShift", 2);
        assertEquals(A, t.adjustment());
        assertEquals(new TcpAdjustTreatment(A), t);
        assertEquals(2, (int) t.getPropertyValue("wscaleShift"));
    }

    @Test
    void serializesToTheWireForm() {
        TcpAdjustTreatment t = new TcpAdjustTreatment(A);
        assertArrayEquals(TcpAdjustWire.encode(A), t.serialize());
        TcpAdjustTreatment back = new TcpAdjustTreatment();
        back.deserialize(t.serialize());
        assertEquals(t, back);
        assertNotEquals(t, new TcpAdjustTreatment(TcpAdjustment.of(0x11, -0x10, -0x10, 2)));
    }

    @Test
    void theOpenFlowActionWritesTheWireForm() {
        ByteBuf buf = Unpooled.buffer();
        new TcpAdjustAction(A).writeTo(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        assertArrayEquals(TcpAdjustWire.encode(A), bytes);
        assertEquals(TcpAdjustWire.EXPERIMENTER, new TcpAdjustAction(A).getExperimenter());
    }
}
