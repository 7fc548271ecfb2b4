// SPDX-License-Identifier: GPL-2.0
/*
 * resplice XDP datapath: TCP sequence/ack adjustment for spliced connections.
 *
 * For an IPv4/TCP frame whose (ingress ifindex, saddr, daddr, sport, dport) is
 * in adjust_map (DESIGN.md section 4.2):
 *   seq += seq_delta
 *   ack += ack_delta                      only if the ACK flag is set
 *   each SACK block edge += sack_delta
 *   window <<= / >>= wscale_shift         saturating at 0xffff; never on SYN
 *   TCP checksum updated incrementally (RFC 1624)
 * and the frame goes on (XDP_PASS). Every other frame goes on untouched.
 * Frames with truncated or inconsistent headers go on untouched, counted as
 * malformed. All arithmetic on sequence space wraps at 2^32.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "resplice_structs.h"
#include "resplice_maps.h"
#include "csum.h"
#include "tcp_opts.h"

char LICENSE[] SEC("license") = "GPL";

#define ETH_P_8021Q_ 0x8100
#define ETH_P_8021AD_ 0x88a8
#define IP_MF_OFFSET_MASK 0x3fff /* more-fragments flag and fragment offset */

struct vlan_hdr_ {
	__be16 tci;
	__be16 proto;
};

/* Window after rescaling: shift left for shift > 0 (saturating), right for shift < 0. */
static __always_inline __u16 rescale_window(__u16 window, __s8 shift)
{
	__u32 w = window;

	if (shift > 0) {
		if (shift >= 16)
			return w ? 0xffff : 0;
		w <<= shift;
		return w > 0xffff ? 0xffff : (__u16)w;
	}
	if (shift <= -16)
		return 0;
	return (__u16)(w >> -shift);
}

SEC("xdp")
int resplice_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct resplice_stats *st;
	struct adjust_value *adj;
	struct adjust_key key;
	struct tcp_sack_pos sack = {};
	struct ethhdr *eth;
	struct iphdr *ip;
	struct tcphdr *tcp;
	__u32 zero = 0, ip_len, tcp_len, tot_len, acc = 0;
	__be16 proto;
	int b;

	st = bpf_map_lookup_elem(&stats_map, &zero);
	if (!st)
		return XDP_PASS;
	st->packets++;

	/* Ethernet, with at most one VLAN tag. */
	eth = data;
	if ((void *)(eth + 1) > data_end)
		goto malformed;
	proto = eth->h_proto;
	ip = (void *)(eth + 1);
	if (proto == bpf_htons(ETH_P_8021Q_) || proto == bpf_htons(ETH_P_8021AD_)) {
		struct vlan_hdr_ *vlan = (void *)(eth + 1);

		if ((void *)(vlan + 1) > data_end)
			goto malformed;
		proto = vlan->proto;
		ip = (void *)(vlan + 1);
	}
	if (proto != bpf_htons(ETH_P_IP))
		goto not_tcp;

	/* IPv4, options allowed, fragments skipped. */
	if ((void *)(ip + 1) > data_end)
		goto malformed;
	if (ip->version != 4 || ip->ihl < 5)
		goto malformed;
	if (ip->frag_off & bpf_htons(IP_MF_OFFSET_MASK))
		goto not_tcp;
	if (ip->protocol != IPPROTO_TCP)
		goto not_tcp;
	ip_len = ip->ihl * 4;
	tcp = (void *)ip + (ip_len & 0x3f);

	/* TCP header and its options must lie within the frame and within tot_len. */
	if ((void *)(tcp + 1) > data_end)
		goto malformed;
	if (tcp->doff < 5)
		goto malformed;
	tcp_len = tcp->doff * 4;
	if ((void *)tcp + (tcp_len & 0x3f) > data_end)
		goto malformed;
	tot_len = bpf_ntohs(ip->tot_len);
	if (tot_len < ip_len + tcp_len || (void *)ip + tot_len > data_end)
		goto malformed;

	/* One direction of one spliced connection, as it enters this interface. */
	key.ifindex = ctx->ingress_ifindex;
	key.saddr = ip->saddr;
	key.daddr = ip->daddr;
	key.sport = tcp->source;
	key.dport = tcp->dest;
	adj = bpf_map_lookup_elem(&adjust_map, &key);
	if (!adj) {
		st->misses++;
		return XDP_PASS;
	}

	/* Validate the options before touching anything (only needed for SACK). */
	if (adj->sack_delta && tcp_len > sizeof(*tcp) &&
	    tcp_find_sack(tcp, data_end, tcp_len, &sack) < 0)
		goto malformed;

	/* Sequence number. */
	if (adj->seq_delta) {
		__u32 old = tcp->seq;
		__u32 new = bpf_htonl(bpf_ntohl(old) + adj->seq_delta);

		tcp->seq = new;
		acc = csum_acc32(acc, old, new, 0);
	}

	/* Acknowledgement number, meaningful only with the ACK flag. */
	if (tcp->ack && adj->ack_delta) {
		__u32 old = tcp->ack_seq;
		__u32 new = bpf_htonl(bpf_ntohl(old) + adj->ack_delta);

		tcp->ack_seq = new;
		acc = csum_acc32(acc, old, new, 0);
	}

	/* SACK blocks: both edges of each, at any (even odd) offset. */
	for (b = 0; b < TCP_SACK_MAX_BLOCKS; b++) {
		__u32 off, old, new;
		__u32 *edge;

		if (b >= sack.blocks)
			break;
		off = (sack.off + b * TCP_SACK_BLOCK_LEN) & TCP_HDR_MASK;
		edge = (void *)tcp + off;
		if ((void *)(edge + 2) > data_end)
			break; /* cannot happen: the option lies within the header */
		old = edge[0];
		new = bpf_htonl(bpf_ntohl(old) + adj->sack_delta);
		edge[0] = new;
		acc = csum_acc32(acc, old, new, off & 1);
		old = edge[1];
		new = bpf_htonl(bpf_ntohl(old) + adj->sack_delta);
		edge[1] = new;
		acc = csum_acc32(acc, old, new, off & 1);
		st->sack_blocks_rewritten++;
	}

	/* Window rescale; a SYN's window is never scaled (RFC 7323). */
	if (adj->wscale_shift && !tcp->syn) {
		__u16 old = tcp->window;
		__u16 new = bpf_htons(rescale_window(bpf_ntohs(old), adj->wscale_shift));

		tcp->window = new;
		acc = csum_acc16(acc, old, new);
		st->window_rescaled++;
	}

	if (acc)
		tcp->check = csum_apply(tcp->check, acc);
	st->hits++;
	return XDP_PASS;

malformed:
	st->malformed++;
	return XDP_PASS;
not_tcp:
	st->not_tcp++;
	return XDP_PASS;
}
