/* SPDX-License-Identifier: GPL-2.0 */
/* Maps of the resplice XDP program (BTF-defined). User space pins them with
 * `bpftool prog loadall ... pinmaps DIR`, which names the pins after the maps. */
#ifndef RESPLICE_MAPS_H
#define RESPLICE_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "resplice_structs.h"

/* Room for this many spliced connection directions per switch. */
#ifndef ADJUST_MAP_SIZE
#define ADJUST_MAP_SIZE 65536
#endif

/* (ingress ifindex, IPv4 src, dst, TCP src, dst) -> deltas. Written by the shim. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ADJUST_MAP_SIZE);
	__type(key, struct adjust_key);
	__type(value, struct adjust_value);
} adjust_map SEC(".maps");

/* Counters, one copy per CPU; user space sums them. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct resplice_stats);
} stats_map SEC(".maps");

#endif /* RESPLICE_MAPS_H */
