/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounded walk over TCP options that finds the SACK option.
 *
 * The walk is a plain bounded loop (at most 40 iterations: each consumes at
 * least one byte of the at most 40 option bytes). Offsets into the packet are
 * masked to 6 bits before they touch a packet pointer, so the verifier sees a
 * bounded variable offset, and every access is checked against data_end. (Fully
 * unrolled nested option loops exceed the verifier's 1M-instruction budget.)
 */
#ifndef RESPLICE_TCP_OPTS_H
#define RESPLICE_TCP_OPTS_H

#include <linux/types.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>

#define TCP_OPT_EOL 0
#define TCP_OPT_NOP 1
#define TCP_OPT_SACK 5
#define TCP_OPT_SPACE 40       /* bytes of options at most (doff 15) */
#define TCP_SACK_MAX_BLOCKS 4  /* (40 - 2) / 8 */
#define TCP_SACK_BLOCK_LEN 8   /* left edge, right edge: 32 bits each */
#define TCP_HDR_MASK 0x3f      /* every offset inside a 60-byte TCP header fits */

struct tcp_sack_pos {
	__u32 off;    /* offset of the first SACK block from the start of the TCP header */
	__u32 blocks; /* 0 if the segment carries no SACK option */
};

/*
 * Find the first SACK option of the TCP header at tcp, hdr_len bytes long
 * (doff * 4, already known to lie within data_end). Returns 0 and fills pos,
 * or -1 if the options are malformed: an option length below 2 or running past
 * the header, or a SACK length that is not 2 + 8n with 1 <= n <= 4. The walk
 * ends at the first SACK option (a segment carries one); later options are not
 * examined.
 */
static __always_inline int tcp_find_sack(struct tcphdr *tcp, void *data_end, __u64 hdr_len,
					 struct tcp_sack_pos *pos)
{
	__u64 off = sizeof(struct tcphdr);
	int i;

	pos->off = 0;
	pos->blocks = 0;
	for (i = 0; i < TCP_OPT_SPACE; i++) {
		__u8 *p, kind, len;

		if (off >= hdr_len)
			break;
		p = (__u8 *)tcp + (off & TCP_HDR_MASK);
		if ((void *)(p + 1) > data_end)
			return -1;
		kind = p[0];
		if (kind == TCP_OPT_EOL)
			break;
		if (kind == TCP_OPT_NOP) {
			off = (off + 1) & TCP_HDR_MASK;
			continue;
		}
		if ((void *)(p + 2) > data_end)
			return -1;
		len = p[1];
		if (len < 2 || off + len > hdr_len)
			return -1;
		if (kind == TCP_OPT_SACK) {
			if (len < 2 + TCP_SACK_BLOCK_LEN || (len - 2) % TCP_SACK_BLOCK_LEN != 0)
				return -1;
			pos->off = off + 2;
			pos->blocks = (len - 2) / TCP_SACK_BLOCK_LEN;
			return 0;
		}
		/* off + len <= hdr_len <= 60: the mask changes nothing but tells the verifier */
		off = (off + len) & TCP_HDR_MASK;
	}
	return 0;
}

#endif /* RESPLICE_TCP_OPTS_H */
