/**
 * The XDP datapath of the splice switch, seen from Java: the map is the API.
 *
 * <p>The XDP program ({@code src/main/bpf/resplice_xdp.c}, shipped as {@code bpf/resplice_xdp.o})
 * looks every IPv4/TCP frame up in the hash map {@code adjust_map} and, on a hit, adds the deltas to
 * the sequence number, the acknowledgement number (ACK flag set) and every SACK block edge, rescales
 * the window (never on SYN) and updates the TCP checksum incrementally. {@link XdpProgram} loads and
 * pins it and attaches it to interfaces; {@link AdjustMap} ({@link BpftoolAdjustMap}) writes the map;
 * {@link XdpStats} reads the per-CPU counters.
 *
 * <h2>Map layout (the contract with {@code resplice_structs.h}; tested from both sides)</h2>
 *
 * <p>"host" is the machine's byte order (little endian here), "network" is big endian, exactly as in
 * the packet. {@link AdjustKey#toBytes()} and {@link AdjustValue#toBytes()} produce these bytes.
 *
 * <pre>
 * struct adjust_key (16 bytes)              struct adjust_value (16 bytes)
 * off size field    order                   off size field         order
 *  0   4   ifindex  host    ingress ifindex  0   4   seq_delta     host   seq += d
 *  4   4   saddr    network IPv4 source      4   4   ack_delta     host   ack += d (ACK flag only)
 *  8   4   daddr    network IPv4 dest        8   4   sack_delta    host   SACK edges += d
 * 12   2   sport    network TCP source      12   1   wscale_shift  s8     window &lt;&lt;= n / &gt;&gt;= -n
 * 14   2   dport    network TCP dest        13   1   flags         u8     reserved, 0
 *                                           14   2   pad           -      0
 * </pre>
 *
 * <p>All deltas wrap at 2^32. The design's client-to-backend rule "ack -= d" is
 * {@code ack_delta = -d mod 2^32} ({@link AdjustValue#clientToBackend(int)}).
 *
 * <pre>
 * struct resplice_stats (per-CPU array, index 0; 7 x u64, host order)
 *  0 packets  8 hits  16 misses  24 malformed  32 sack_blocks_rewritten  40 window_rescaled  48 not_tcp
 * </pre>
 */
package org.resplice.spliceswitch.xdp;
