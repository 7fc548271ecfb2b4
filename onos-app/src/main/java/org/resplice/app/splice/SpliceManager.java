package org.resplice.app.splice;

import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.TCP;
import org.onlab.packet.TpPort;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.HostLocation;
import org.onosproject.net.PortNumber;
import org.onosproject.net.config.NetworkConfigEvent;
import org.onosproject.net.config.NetworkConfigListener;
import org.onosproject.net.config.NetworkConfigRegistry;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleEvent;
import org.onosproject.net.flow.FlowRuleListener;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.host.HostService;
import org.onosproject.net.packet.DefaultOutboundPacket;
import org.onosproject.net.packet.PacketContext;
import org.onosproject.net.packet.PacketPriority;
import org.onosproject.net.packet.PacketProcessor;
import org.onosproject.net.packet.PacketService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.resplice.app.api.SpliceInfo;
import org.resplice.app.api.SpliceService;
import org.resplice.app.config.RespliceConfig;
import org.resplice.splicecore.http.HttpParseException;
import org.resplice.splicecore.http.HttpRequestHeadParser;
import org.resplice.splicecore.packet.Ip4Address;
import org.resplice.splicecore.packet.Ipv4Header;
import org.resplice.splicecore.packet.MacAddress;
import org.resplice.splicecore.packet.MalformedPacketException;
import org.resplice.splicecore.packet.TcpFrame;
import org.resplice.splicecore.packet.TcpSegment;
import org.resplice.splicecore.tcp.ActiveConnection;
import org.resplice.splicecore.tcp.Clock;
import org.resplice.splicecore.tcp.PassiveConnection;
import org.resplice.splicecore.tcp.Resets;
import org.resplice.splicecore.tcp.SynCookies;
import org.resplice.splicecore.tcp.SynOptions;
import org.resplice.splicecore.tcp.TcpAddress;
import org.resplice.splicecore.tcp.TcpListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static org.onlab.util.Tools.groupedThreads;

/**
 * Splices client connections to a VIP onto backends (DESIGN §4.1). The controller answers the
 * client's SYN with a SYN cookie, holds the request without acknowledging it, routes on its head,
 * opens the backend connection with the client's ISN, installs the two splice rules (with the
 * TCP_ADJUST offset d = p − b) on the switch and waits for them to hold, then completes the backend
 * handshake and hands over the held request. After that the switch carries the connection; the
 * close watchers ({@link SpliceRules#closeWatchers}) bring back only its FINs, which end the splice
 * after a linger, a backend's RST, and a client's SYN on a reused port, which ends the old splice
 * before the new connection is spliced. An idle timeout ends the rest.
 *
 * <p>Every TCP event runs on one worker thread, so the TCP endpoints need no locks; the packet
 * processor only copies the frame and hands it over.
 */
@Component(immediate = true, service = SpliceService.class)
public class SpliceManager implements SpliceService {

    static final int POOL_MSS = 1460;
    static final int POOL_WINDOW_SCALE = 7;
    static final int IDLE_TIMEOUT_SECONDS = 10;
    /**
     * How long a splice outlives its second FIN: the last ACK, and a FIN retransmitted because that
     * ACK was lost, still need the splice.
     */
    static final long CLOSE_LINGER_MS = 2000;
    /** A packet-in without a flow cookie (cookies are flow rule ids, never this). */
    private static final long NO_COOKIE = 0;
    static final int PROXY_PORT_FIRST = 20000;
    static final int PROXY_PORT_LAST = 60999;

    private final Logger log = LoggerFactory.getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CoreService coreService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected PacketService packetService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected FlowRuleService flowRuleService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected HostService hostService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected NetworkConfigRegistry configRegistry;

    private ApplicationId appId;
    private ScheduledExecutorService worker;
    private SynCookies cookies;
    private final PacketProcessor processor = this::process;
    private final FlowRuleListener flowListener = this::flowEvent;
    private final NetworkConfigListener configListener = this::configEvent;

    /** Worker-thread state. */
    private final Map<String, Vip> vips = new HashMap<>();
    private final Map<String, Splice> byClient = new HashMap<>();
    private final Map<String, Splice> byProxy = new HashMap<>();
    private final Map<FlowRule, Splice> byRule = new HashMap<>();
    private final BackendSelector selector = new BackendSelector();
    /** Splices per backend IP, from routing to forgetting: what least-connections compares. */
    private final Map<String, Integer> activeByBackend = new HashMap<>();
    private final ProxyPorts proxyPorts = new ProxyPorts(PROXY_PORT_FIRST, PROXY_PORT_LAST, ProxyPorts.TWO_MSL_NANOS);
    private List<TrafficSelector> requested = new ArrayList<>();
    private RespliceConfig.ProxyAddress proxy;

    /** Read by REST from other threads. */
    private final Map<String, SpliceInfo> table = new ConcurrentHashMap<>();

    private final LongAdder spliced = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder badRequests = new LongAdder();
    private final LongAdder malformedFrames = new LongAdder();
    private final LongAdder noBackend = new LongAdder();
    private final LongAdder finsSeen = new LongAdder();
    private final LongAdder closedByFin = new LongAdder();
    private final LongAdder backendResets = new LongAdder();
    private final LongAdder reinjected = new LongAdder();
    private final LongAdder portsReused = new LongAdder();

    /** A VIP with its listener. */
    private static final class Vip {
        final RespliceConfig.Vip config;
        final RespliceConfig.Pool pool;
        final TcpListener listener;

        Vip(RespliceConfig.Vip config, RespliceConfig.Pool pool, TcpListener listener) {
            this.config = config;
            this.pool = pool;
            this.listener = listener;
        }
    }

    /** One connection from CONNECTING to its end. */
    private final class Splice {
        final Vip vip;
        final PassiveConnection client;
        final DeviceId device;
        final PortNumber clientPort;
        HttpRequestHeadParser parser = new HttpRequestHeadParser();
        int fed;
        Host backend;
        Host alternate;
        int proxyPort = -1;
        ActiveConnection toBackend;
        int offset;
        long backendIsn = -1;
        boolean clientFin;
        boolean backendFin;
        boolean closeScheduled;
        SpliceInfo.State state = SpliceInfo.State.CONNECTING;
        /** Set once the splice is given up or over: late callbacks must not bring it back. */
        boolean gone;
        final List<FlowRule> rules = new ArrayList<>();
        /** Cookies of the close watchers: a packet-in with one of them is a copy, not a stray segment. */
        final Set<Long> watcherIds = new HashSet<>();

        Splice(Vip vip, PassiveConnection client, DeviceId device, PortNumber clientPort) {
            this.vip = vip;
            this.client = client;
            this.device = device;
            this.clientPort = clientPort;
        }

        String key() {
            return clientKey(client.remote().ip().toInt(), client.remote().port(), vip);
        }

        SpliceInfo info() {
            return new SpliceInfo(client.remote().ip() + ":" + client.remote().port(),
                    vip.config.ip() + ":" + vip.config.port(),
                    backend == null ? null : ipOf(backend) + ":" + vip.pool.port(),
                    alternate == null ? null : ipOf(alternate) + ":" + vip.pool.port(),
                    proxyPort < 0 ? null : proxy.ip() + ":" + proxyPort, offset,
                    Integer.toUnsignedLong(client.clientIsn()), backendIsn, state);
        }
    }

    @Activate
    protected void activate() {
        appId = coreService.registerApplication(org.resplice.app.impl.FabricManager.APP_NAME);
        worker = Executors.newSingleThreadScheduledExecutor(groupedThreads("resplice/splice", "worker", log));
        cookies = SynCookies.withRandomSecret(Clock.system());
        packetService.addProcessor(processor, PacketProcessor.director(2));
        flowRuleService.addListener(flowListener);
        configRegistry.addListener(configListener);
        worker.execute(this::configure);
        worker.scheduleWithFixedDelay(this::tick, 50, 50, TimeUnit.MILLISECONDS);
        log.info("Started");
    }

    @Deactivate
    protected void deactivate() {
        configRegistry.removeListener(configListener);
        flowRuleService.removeListener(flowListener);
        packetService.removeProcessor(processor);
        worker.execute(() -> {
            for (TrafficSelector s : requested) {
                packetService.cancelPackets(s, PacketPriority.CONTROL, appId);
            }
        });
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Stopped");
    }

    @Override
    public List<SpliceInfo> splices() {
        return List.copyOf(table.values());
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("splicesActive", (long) table.size());
        c.put("splicesEstablished", spliced.sum());
        c.put("splicesClosed", closed.sum());
        c.put("splicesFailed", failed.sum());
        c.put("badRequests", badRequests.sum());
        c.put("noBackend", noBackend.sum());
        c.put("finsSeen", finsSeen.sum());
        c.put("splicesClosedByFin", closedByFin.sum());
        c.put("backendResets", backendResets.sum());
        c.put("segmentsReinjected", reinjected.sum());
        c.put("clientPortsReused", portsReused.sum());
        c.put("malformedFrames", malformedFrames.sum());
        long synAcks = 0;
        long rejected = 0;
        for (Vip v : List.copyOf(vips.values())) {
            synAcks += v.listener.synAcksSent();
            rejected += v.listener.cookiesRejected();
        }
        c.put("synAcksSent", synAcks);
        c.put("cookiesRejected", rejected);
        return c;
    }

    private static String clientKey(int ip, int port, Vip vip) {
        return ip + ":" + port + ">" + vip.config.ip() + ":" + vip.config.port();
    }

    private void configEvent(NetworkConfigEvent event) {
        if (event.configClass() == RespliceConfig.class) {
            worker.execute(this::configure);
        }
    }

    /** (Re)reads VIPs, pools and the proxy address; asks the switches for the packets it needs. */
    private void configure() {
        RespliceConfig config = configRegistry.getConfig(appId, RespliceConfig.class);
        for (TrafficSelector s : requested) {
            packetService.cancelPackets(s, PacketPriority.CONTROL, appId);
        }
        requested = new ArrayList<>();
        vips.clear();
        if (config == null) {
            return;
        }
        Map<String, RespliceConfig.Pool> pools = new HashMap<>();
        config.pools().forEach(p -> pools.put(p.name(), p));
        proxy = config.proxyAddresses().isEmpty() ? null : config.proxyAddresses().get(0);
        for (RespliceConfig.Vip v : config.vips()) {
            TcpAddress local = TcpAddress.of(MacAddress.valueOf(v.mac().toString()),
                    Ip4Address.valueOf(v.ip().toString()), v.port());
            TcpListener listener = new TcpListener(TcpListener.config(local).mss(POOL_MSS)
                    .windowScale(POOL_WINDOW_SCALE).build(), cookies, frame -> emit(current.deviceId(), frame),
                    new ClientEvents());
            vips.put(v.ip() + ":" + v.port(), new Vip(v, pools.get(v.pool()), listener));
            request(DefaultTrafficSelector.builder().matchEthType(Ethernet.TYPE_IPV4)
                    .matchIPProtocol(IPv4.PROTOCOL_TCP).matchIPDst(IpPrefix.valueOf(v.ip(), 32))
                    .matchTcpDst(TpPort.tpPort(v.port())).build());
        }
        for (RespliceConfig.ProxyAddress p : config.proxyAddresses()) {
            request(DefaultTrafficSelector.builder().matchEthType(Ethernet.TYPE_IPV4)
                    .matchIPProtocol(IPv4.PROTOCOL_TCP).matchIPDst(IpPrefix.valueOf(p.ip(), 32)).build());
        }
    }

    private void request(TrafficSelector selector) {
        requested.add(selector);
        packetService.requestPackets(selector, PacketPriority.CONTROL, appId);
    }

    /** On the packet thread: claim TCP to a VIP or proxy address, hand it to the worker. */
    private void process(PacketContext context) {
        if (context.isHandled()) {
            return;
        }
        Ethernet eth = context.inPacket().parsed();
        if (eth == null || eth.getEtherType() != Ethernet.TYPE_IPV4) {
            return;
        }
        IPv4 ip = (IPv4) eth.getPayload();
        if (ip.getProtocol() != IPv4.PROTOCOL_TCP) {
            return;
        }
        ByteBuffer unparsed = context.inPacket().unparsed();
        byte[] frame = new byte[unparsed.remaining()];
        unparsed.duplicate().get(frame);
        ConnectPoint from = context.inPacket().receivedFrom();
        int dst = ip.getDestinationAddress();
        int dstPort = ((TCP) ip.getPayload()).getDestinationPort();
        long cookie = context.inPacket().cookie().orElse(NO_COOKIE);
        context.block();
        worker.execute(() -> receive(frame, from, dst, dstPort, cookie));
    }

    /** {@code cookie}: of the flow rule that sent the packet to the controller, or {@link #NO_COOKIE}. */
    private void receive(byte[] bytes, ConnectPoint from, int dst, int dstPort, long cookie) {
        TcpFrame frame;
        try {
            frame = TcpFrame.parse(bytes);
        } catch (MalformedPacketException e) {
            malformedFrames.increment();
            return;
        }
        if (proxy != null && IpAddress.valueOf(dst).equals(proxy.ip())) {
            Splice s = byProxy.get(frame.tcp().sourcePort() + "/" + frame.tcp().destinationPort() + "/"
                    + frame.ip().source().toInt());
            if (s != null && s.toBackend != null) {
                s.toBackend.receive(frame);
            } else if (s != null && s.state == SpliceInfo.State.SPLICED) {
                fromSpliced(s, frame, bytes, from, cookie, false);
            }
            return;
        }
        Vip vip = vips.get(IpAddress.valueOf(dst) + ":" + dstPort);
        if (vip == null) {
            return;
        }
        Splice known = byClient.get(clientKey(frame.ip().source().toInt(), frame.tcp().sourcePort(), vip));
        if (known != null && known.state == SpliceInfo.State.SPLICED) {
            if (!frame.tcp().isSyn() || frame.tcp().isAck()) {
                fromSpliced(known, frame, bytes, from, cookie, true);
                return;
            }
            // The client reused the port for a new connection, so the old one is over for it. Its
            // rules go first (the switch deletes them before the new splice's rules, which have the
            // same matches, arrive); then the SYN opens the new connection like any other.
            portsReused.increment();
            end(known);
            known = null;
        }
        if (known != null && known.state != SpliceInfo.State.CONNECTING) {
            // Sent before the splice rules held; the client retransmits it through the splice. Feeding
            // it to the listener would open a second connection from a still-valid cookie.
            return;
        }
        current = new ConnectPoint(from.deviceId(), from.port());
        try {
            vip.listener.receive(frame);
        } finally {
            current = null;
        }
    }

    /** Where the frame being handled came in: the client's switch and port. Worker thread only. */
    private ConnectPoint current;

    private void emit(DeviceId device, byte[] frame) {
        // Through the switch's own tables: forwarding rules take it to the right port, and frames
        // to a backend are mirrored to the logger like any other backend traffic.
        packetService.emit(new DefaultOutboundPacket(device,
                DefaultTrafficTreatment.builder().setOutput(PortNumber.TABLE).build(), ByteBuffer.wrap(frame)));
    }

    /** Client-side TCP events (worker thread). */
    private final class ClientEvents implements TcpListener.Handler {
        @Override
        public void established(PassiveConnection c) {
            Vip vip = vipOf(c);
            if (vip == null || current == null) {
                return;
            }
            Splice s = new Splice(vip, c, current.deviceId(), current.port());
            byClient.put(s.key(), s);
            if (!"http".equals(vip.pool.protocol()) && !"line".equals(vip.pool.protocol())) {
                route(s); // server speaks first: nothing to wait for
            }
        }

        @Override
        public void dataReceived(PassiveConnection c) {
            Vip vip = vipOf(c);
            Splice s = vip == null ? null : byClient.get(clientKey(c.remote().ip().toInt(), c.remote().port(), vip));
            if (s == null || s.backend != null) {
                return; // routed already: the bytes wait in the connection until release
            }
            if (!"http".equals(vip.pool.protocol())) {
                route(s);
                return;
            }
            byte[] bytes = c.receivedBytes();
            try {
                s.parser.feed(bytes, s.fed, bytes.length - s.fed);
                s.fed = bytes.length;
            } catch (HttpParseException e) {
                badRequests.increment();
                log.debug("bad request head from {}: {}", c.remote(), e.getMessage());
                abandon(s);
                return;
            }
            if (s.parser.isComplete()) {
                route(s);
            }
        }

        @Override
        public void reset(PassiveConnection c) {
            Vip vip = vipOf(c);
            Splice s = vip == null ? null : byClient.get(clientKey(c.remote().ip().toInt(), c.remote().port(), vip));
            if (s != null) {
                forget(s);
            }
        }
    }

    private Vip vipOf(PassiveConnection c) {
        return vips.get(IpAddress.valueOf(c.local().ip().toInt()) + ":" + c.local().port());
    }

    /** Picks the backend among the pool's hosts on the client's switch ({@link BackendSelector}) and connects. */
    private void route(Splice s) {
        List<Host> candidates = new ArrayList<>();
        for (IpAddress b : s.vip.pool.backends()) {
            for (Host h : hostService.getHostsByIp(b)) {
                if (h.locations().stream().anyMatch(l -> l.deviceId().equals(s.device))) {
                    candidates.add(h);
                }
            }
        }
        if (candidates.isEmpty() || proxy == null) {
            noBackend.increment();
            abandon(s);
            return;
        }
        List<String> ips = new ArrayList<>(candidates.size());
        candidates.forEach(h -> ips.add(ipOf(h)));
        String cookie = s.vip.pool.affinityCookie() != null && s.parser.isComplete()
                ? s.parser.head().cookie(s.vip.pool.affinityCookie()) : null;
        int i = selector.choose(s.vip.pool, ips, cookie, b -> activeByBackend.getOrDefault(b, 0));
        s.backend = candidates.get(i);
        s.alternate = candidates.size() > 1 ? candidates.get((i + 1) % candidates.size()) : null;
        String backendIp = ipOf(s.backend);
        OptionalInt port = proxyPorts.allocate(backendIp, System.nanoTime());
        if (port.isEmpty()) {
            noBackend.increment();
            abandon(s);
            return;
        }
        s.proxyPort = port.getAsInt();
        activeByBackend.merge(backendIp, 1, Integer::sum);
        SynOptions clientOptions = s.client.clientOptions();
        TcpAddress local = TcpAddress.of(MacAddress.valueOf(proxy.mac().toString()),
                Ip4Address.valueOf(proxy.ip().toString()), s.proxyPort);
        TcpAddress remote = TcpAddress.of(MacAddress.valueOf(s.backend.mac().toString()),
                Ip4Address.valueOf(backendIp), s.vip.pool.port());
        // The backend must read the client's window fields as the client means them: offer the
        // client's own options, and the client's ISN so client→backend needs no offset.
        s.toBackend = new ActiveConnection(ActiveConnection.config(local, remote, s.client.clientIsn(),
                SynOptions.of(clientOptions.mss(), clientOptions.windowScale(), clientOptions.sackPermitted()))
                .deferHandshakeAck(true).initialRtoNanos(200_000_000L).maxRetries(4).build(),
                Clock.system(), frame -> emit(s.device, frame), new BackendEvents(s));
        byProxy.put(s.vip.pool.port() + "/" + s.proxyPort + "/" + remote.ip().toInt(), s);
        table.put(s.key(), s.info());
        s.toBackend.open();
    }

    /** Backend-side TCP events of one splice (worker thread). */
    private final class BackendEvents implements ActiveConnection.Handler {
        private final Splice s;

        BackendEvents(Splice s) {
            this.s = s;
        }

        @Override
        public void synAckReceived(ActiveConnection c) {
            s.offset = s.client.localIsn() - c.peerIsn();
            s.backendIsn = Integer.toUnsignedLong(c.peerIsn());
            int told = s.client.windowScaleSent();
            int backendScale = c.peerOptions().hasWindowScale() ? c.peerOptions().windowScale() : 0;
            int shift = told < 0 ? 0 : backendScale - told;
            install(s, shift);
        }

        @Override
        public void failed(ActiveConnection c, ActiveConnection.Failure failure) {
            log.info("backend connection of {} failed: {}", s.client.remote(), failure);
            failed.increment();
            abandon(s);
        }
    }

    private void install(Splice s, int wscaleShift) {
        if (s.gone) {
            return;
        }
        Optional<HostLocation> backendAt = s.backend.locations().stream()
                .filter(l -> l.deviceId().equals(s.device)).findFirst();
        if (backendAt.isEmpty()) {
            abandon(s);
            return;
        }
        RespliceConfig config = configRegistry.getConfig(appId, RespliceConfig.class);
        Optional<PortNumber> logger = loggerPort(config, s.device);
        int clientIp = s.client.remote().ip().toInt();
        SpliceRules.End client = new SpliceRules.End(org.onlab.packet.MacAddress.valueOf(
                s.client.remote().mac().toString()), clientIp, s.client.remote().port(), s.clientPort);
        SpliceRules.End vip = new SpliceRules.End(s.vip.config.mac(), s.vip.config.ip().getIp4Address().toInt(),
                s.vip.config.port(), null);
        SpliceRules.End px = new SpliceRules.End(proxy.mac(), proxy.ip().getIp4Address().toInt(), s.proxyPort, null);
        SpliceRules.End backend = new SpliceRules.End(s.backend.mac(),
                s.backend.ipAddresses().iterator().next().getIp4Address().toInt(), s.vip.pool.port(),
                backendAt.get().port());
        FlowRule toB = SpliceRules.towardBackend(appId, s.device, client, vip, px, backend, s.offset, logger,
                IDLE_TIMEOUT_SECONDS);
        FlowRule toC = SpliceRules.towardClient(appId, s.device, backend, px, vip, client, s.offset, wscaleShift,
                logger, IDLE_TIMEOUT_SECONDS);
        s.rules.add(toB);
        s.rules.add(toC);
        s.rules.addAll(SpliceRules.closeWatchers(appId, s.device, client, vip, px, backend, logger));
        FlowRuleOperations.Builder ops = FlowRuleOperations.builder();
        for (FlowRule r : s.rules) {
            byRule.put(r, s);
            ops.add(r);
            if (r != toB && r != toC) {
                s.watcherIds.add(r.id().value());
            }
        }
        s.state = SpliceInfo.State.INSTALLING;
        table.put(s.key(), s.info());
        flowRuleService.apply(ops.build(new FlowRuleOperationsContext() {
            @Override
            public void onSuccess(FlowRuleOperations ops) {
                worker.execute(() -> release(s));
            }

            @Override
            public void onError(FlowRuleOperations ops) {
                worker.execute(() -> {
                    if (!s.gone) {
                        failed.increment();
                        abandon(s);
                    }
                });
            }
        }));
    }

    /** The port of the first configured logger attached to {@code device}. */
    private Optional<PortNumber> loggerPort(RespliceConfig config, DeviceId device) {
        if (config == null) {
            return Optional.empty();
        }
        for (IpAddress logger : config.loggers()) {
            for (Host h : hostService.getHostsByIp(logger)) {
                for (HostLocation l : h.locations()) {
                    if (l.deviceId().equals(device)) {
                        return Optional.of(l.port());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The rules hold: complete the backend handshake and hand over the held request. */
    private void release(Splice s) {
        if (s.gone || s.state != SpliceInfo.State.INSTALLING) {
            return;
        }
        s.toBackend.completeHandshake();
        byte[] held = s.client.receivedBytes();
        if (held.length > 0) {
            s.toBackend.send(held);
        }
        // From here the backend's acknowledgements travel to the client through the splice; the
        // client retransmits anything lost, straight through the switch. The endpoints are done.
        // The splice stays in byProxy: the close watchers' copies of the backend's FIN or RST find it there.
        s.vip.listener.remove(s.client);
        s.toBackend = null;
        s.state = SpliceInfo.State.SPLICED;
        table.put(s.key(), s.info());
        spliced.increment();
    }

    /**
     * A segment of a spliced connection reached the controller. A close watcher's copy (its cookie
     * says so) tells how the connection ends: a FIN, which the switch forwarded too, or a backend's
     * RST, which it did not. Anything else came by a path the switch has not forgotten yet: Open
     * vSwitch answers the barrier once its tables hold the splice rules, but revalidates its datapath
     * flow cache afterwards, so for a few milliseconds a segment can still follow the cached punt of
     * the handshake. Such a segment goes back into the switch's tables through the port it came in
     * on, where the splice rules carry it as if it had just arrived; the XDP program adjusted it on
     * its way in already.
     */
    private void fromSpliced(Splice s, TcpFrame frame, byte[] bytes, ConnectPoint from, long cookie,
                             boolean fromClient) {
        if (!s.watcherIds.contains(cookie)) {
            reinjected.increment();
            packetService.emit(new DefaultOutboundPacket(from.deviceId(),
                    DefaultTrafficTreatment.builder().setOutput(PortNumber.TABLE).build(), ByteBuffer.wrap(bytes),
                    from.port()));
        } else if (frame.tcp().isRst() && !fromClient) {
            backendReset(s, frame);
        } else if (frame.tcp().isFin()) {
            finSeen(s, fromClient);
        }
    }

    /** Both FINs seen: after a linger for the last ACK and any FIN retransmission, the splice goes. */
    private void finSeen(Splice s, boolean fromClient) {
        finsSeen.increment();
        if (fromClient) {
            s.clientFin = true;
        } else {
            s.backendFin = true;
        }
        if (s.clientFin && s.backendFin && !s.closeScheduled) {
            s.closeScheduled = true;
            worker.schedule(() -> {
                if (!s.gone) {
                    closedByFin.increment();
                    end(s);
                }
            }, CLOSE_LINGER_MS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A spliced backend reset its connection. That signals a backend failure (DESIGN §4.1 step 3), so
     * the switch gave the RST to the controller only. Until a recovery service takes the connection
     * over here, the client is told what it would have been told without the splice: the same reset,
     * from the VIP (the XDP program has already moved its sequence number into the client's space).
     */
    private void backendReset(Splice s, TcpFrame rst) {
        backendResets.increment();
        log.debug("backend {} reset the connection of {}", ipOf(s.backend), s.client.remote());
        TcpSegment in = rst.tcp();
        TcpSegment out = TcpSegment.builder().sourcePort(s.vip.config.port())
                .destinationPort(s.client.remote().port()).seq(in.seq()).ack(in.ack())
                .flags(in.flags() & (TcpSegment.RST | TcpSegment.ACK)).window(0).build();
        Ipv4Header ip = Ipv4Header.builder().source(Ip4Address.valueOf(s.vip.config.ip().toString()))
                .destination(s.client.remote().ip()).ttl(Resets.DEFAULT_TTL).flags(Ipv4Header.FLAG_DF).build();
        emit(s.device, TcpFrame.of(s.client.remote().mac(), MacAddress.valueOf(s.vip.config.mac().toString()), ip,
                out).toBytes());
        end(s);
    }

    /** Takes a spliced connection's rules off the switches and forgets it. */
    private void end(Splice s) {
        flowRuleService.removeFlowRules(s.rules.toArray(new FlowRule[0]));
        forget(s);
        closed.increment();
    }

    private static String ipOf(Host h) {
        return h.ipAddresses().iterator().next().toString();
    }

    private void tick() {
        for (Splice s : List.copyOf(byProxy.values())) {
            if (s.toBackend != null) {
                s.toBackend.tick();
            }
        }
    }

    /** Gives up on a connection that never got spliced: reset the client, free what it held. */
    private void abandon(Splice s) {
        if (s.gone) {
            return;
        }
        s.client.abort();
        if (s.toBackend != null) {
            s.toBackend.abort();
        }
        if (!s.rules.isEmpty()) {
            flowRuleService.removeFlowRules(s.rules.toArray(new FlowRule[0]));
        }
        forget(s);
    }

    private void forget(Splice s) {
        if (s.gone) {
            return;
        }
        s.gone = true;
        s.vip.listener.remove(s.client);
        byClient.remove(s.key());
        byProxy.values().remove(s);
        s.rules.forEach(byRule::remove);
        table.remove(s.key());
        if (s.proxyPort >= 0 && s.backend != null) {
            String backendIp = ipOf(s.backend);
            proxyPorts.release(backendIp, s.proxyPort, System.nanoTime());
            activeByBackend.computeIfPresent(backendIp, (b, n) -> n > 1 ? n - 1 : null);
        }
    }

    /** A splice rule expired (idle): the connection is over; take the other rule too. */
    private void flowEvent(FlowRuleEvent event) {
        if (event.type() != FlowRuleEvent.Type.RULE_REMOVED) {
            return;
        }
        worker.execute(() -> {
            Splice s = byRule.get(event.subject());
            if (s == null) {
                return;
            }
            List<FlowRule> others = new ArrayList<>(s.rules);
            others.remove(event.subject());
            if (!others.isEmpty()) {
                flowRuleService.removeFlowRules(others.toArray(new FlowRule[0]));
            }
            forget(s);
            closed.increment();
        });
    }
}
