/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Structures shared between the XDP program and user space.
 *
 * The layout of struct adjust_key and struct adjust_value is the contract with
 * the Java side (org.resplice.spliceswitch.xdp.AdjustKey / AdjustValue, which
 * mirror this file and are tested against it). Change both or neither.
 *
 * Byte order: fields typed __be16/__be32 hold network byte order, exactly as
 * they appear in the packet, so the program can use header fields as the key
 * without swapping. Every other multi-byte field is in host byte order (little
 * endian on the machines we run on).
 */
#ifndef RESPLICE_STRUCTS_H
#define RESPLICE_STRUCTS_H

#include <linux/types.h>

/* Key of adjust_map: one direction of one spliced connection, as seen at ingress.
 *
 *   offset size field    byte order
 *   0      4    ifindex  host     ingress interface (xdp_md->ingress_ifindex)
 *   4      4    saddr    network  IPv4 source
 *   8      4    daddr    network  IPv4 destination
 *   12     2    sport    network  TCP source port
 *   14     2    dport    network  TCP destination port
 *   16          (size; no padding: every field is naturally aligned)
 */
struct adjust_key {
	__u32 ifindex;
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
};

/* Value of adjust_map: what to add to the packet's fields (32-bit wrapping).
 *
 *   offset size field         byte order
 *   0      4    seq_delta     host     added to the sequence number
 *   4      4    ack_delta     host     added to the ack number (ACK flag set only);
 *                                      "ack -= d" is ack_delta = -d mod 2^32
 *   8      4    sack_delta    host     added to both edges of every SACK block
 *   12     1    wscale_shift  -        signed: window <<= n (n > 0, saturating at
 *                                      0xffff) or >>= -n (n < 0); never on SYN
 *   13     1    flags         -        reserved, must be 0
 *   14     2    pad           -        must be 0
 *   16          (size)
 */
struct adjust_value {
	__u32 seq_delta;
	__u32 ack_delta;
	__u32 sack_delta;
	__s8 wscale_shift;
	__u8 flags;
	__u8 pad[2];
};

/* Value of stats_map (per-CPU array, one element at index 0). Every frame the
 * program sees is counted in packets and in exactly one of not_tcp, malformed,
 * hits, misses:
 *   not_tcp     not IPv4/TCP, or an IPv4 fragment: passed untouched
 *   malformed   truncated or inconsistent headers (or, on a hit, TCP options):
 *               passed untouched
 *   hits        key found, packet rewritten
 *   misses      IPv4/TCP, key not found, passed untouched
 * sack_blocks_rewritten counts SACK blocks (not options), window_rescaled counts
 * packets whose window field went through the rescale.
 *
 *   offset field (all __u64, host order)
 *   0 packets, 8 hits, 16 misses, 24 malformed, 32 sack_blocks_rewritten,
 *   40 window_rescaled, 48 not_tcp; size 56
 */
struct resplice_stats {
	__u64 packets;
	__u64 hits;
	__u64 misses;
	__u64 malformed;
	__u64 sack_blocks_rewritten;
	__u64 window_rescaled;
	__u64 not_tcp;
};

_Static_assert(sizeof(struct adjust_key) == 16, "adjust_key layout is the user-space contract");
_Static_assert(sizeof(struct adjust_value) == 16, "adjust_value layout is the user-space contract");
_Static_assert(sizeof(struct resplice_stats) == 56, "resplice_stats layout is the user-space contract");

#endif /* RESPLICE_STRUCTS_H */
