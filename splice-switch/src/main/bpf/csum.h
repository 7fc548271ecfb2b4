/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Incremental Internet checksum update (RFC 1624, eqn. 3: HC' = ~(~HC + ~m + m')).
 *
 * Changes are collected in a 32-bit one's complement accumulator, one call per
 * changed field, and applied to the checksum once with csum_apply(). Values are
 * passed exactly as loaded from the packet (network order bytes in a host
 * register): a one's complement sum does not depend on byte order as long as
 * every word is taken the same way.
 *
 * A field at an odd offset from the start of the checksummed data (a SACK block
 * after a single NOP, say) straddles the 16-bit word grid of the checksum: its
 * bytes land in the other half of their checksum words. Its contribution is the
 * byte-swapped one, so those calls take `odd` and swap the field's folded sum.
 */
#ifndef RESPLICE_CSUM_H
#define RESPLICE_CSUM_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>

/* Fold a 32-bit one's complement sum to 16 bits (end-around carry, twice). */
static __always_inline __u16 csum_fold32(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)sum;
}

static __always_inline __u16 csum_swab16(__u16 v)
{
	return (__u16)((v << 8) | (v >> 8));
}

/* ~m + m' for one 32-bit field, folded; swapped if the field sits at an odd offset. */
static __always_inline __u16 csum_diff32(__u32 old, __u32 new, int odd)
{
	__u32 sum = (__u16)~old + (__u16)~(old >> 16) + (__u16)new + (__u16)(new >> 16);
	__u16 folded = csum_fold32(sum);

	return odd ? csum_swab16(folded) : folded;
}

/* acc += contribution of a 32-bit field changing from old to new. */
static __always_inline __u32 csum_acc32(__u32 acc, __u32 old, __u32 new, int odd)
{
	return acc + csum_diff32(old, new, odd);
}

/* acc += contribution of an even-offset 16-bit field changing from old to new. */
static __always_inline __u32 csum_acc16(__u32 acc, __u16 old, __u16 new)
{
	return acc + (__u16)~old + new;
}

/* The checksum field after all changes collected in acc. */
static __always_inline __u16 csum_apply(__u16 check, __u32 acc)
{
	return (__u16)~csum_fold32((__u32)(__u16)~check + csum_fold32(acc));
}

#endif /* RESPLICE_CSUM_H */
