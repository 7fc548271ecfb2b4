package org.resplice.loggernode;

import org.resplice.loggernode.aux.AuxFollower;
import org.resplice.loggernode.capture.Endpoint;
import org.resplice.loggernode.capture.MirroredSegment;
import org.resplice.loggernode.capture.SegmentHandler;

import java.util.Objects;

/**
 * Sends each mirrored segment to the role it belongs to: backend↔aux-server traffic to the aux
 * role, everything else (spliced connections) to the {@link SpliceFollower}.
 */
final class MirrorDispatcher implements SegmentHandler {

    private final SpliceFollower splices;
    private final AuxFollower aux;
    private final int auxIp;
    private final int auxPort;

    /** @param aux the aux role and its server; both null when no aux server is configured */
    MirrorDispatcher(SpliceFollower splices, AuxFollower aux, Endpoint auxServer) {
        this.splices = Objects.requireNonNull(splices, "splices");
        this.aux = aux;
        this.auxIp = auxServer == null ? 0 : auxServer.ip().toInt();
        this.auxPort = auxServer == null ? -1 : auxServer.port();
    }

    @Override
    public void segment(MirroredSegment s) {
        boolean toAux = s.dstIp() == auxIp && s.dstPort() == auxPort;
        boolean fromAux = s.srcIp() == auxIp && s.srcPort() == auxPort;
        if (aux != null && (toAux || fromAux)) {
            synchronized (aux) {
                aux.segment(s);
            }
        } else {
            splices.segment(s);
        }
    }

    @Override
    public void segmentsLost(long count, String cause) {
        splices.segmentsLost(count, cause);
    }

    /** Ends aux connections idle past their timeout (called by a timer; the aux role is not thread-safe). */
    void expireIdle() {
        if (aux != null) {
            synchronized (aux) {
                aux.expireIdle();
            }
        }
    }
}
