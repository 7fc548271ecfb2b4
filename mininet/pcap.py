"""Just enough of the classic pcap format to compare captures packet by packet."""

import struct
from collections import namedtuple

Ipv4Packet = namedtuple("Ipv4Packet", "src dst proto ident length l4head")

_MAGIC_US = 0xA1B2C3D4
_MAGIC_NS = 0xA1B23C4D


def read_ipv4(path):
    """Every IPv4-over-Ethernet packet in a pcap file, identified by addresses, protocol, IP id,
    total length and the first 8 bytes of the transport header (ports/sequence or ICMP id/seq)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise ValueError("%s: not a pcap file (%d bytes)" % (path, len(data)))
    magic_le = struct.unpack("<I", data[:4])[0]
    if magic_le in (_MAGIC_US, _MAGIC_NS):
        endian = "<"
    elif struct.unpack(">I", data[:4])[0] in (_MAGIC_US, _MAGIC_NS):
        endian = ">"
    else:
        raise ValueError("%s: bad pcap magic" % path)
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    if linktype != 1:
        raise ValueError("%s: link type %d, expected Ethernet" % (path, linktype))
    packets = []
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack(endian + "I", data[off + 8:off + 12])[0]
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(frame) < 34 or frame[12:14] != b"\x08\x00":
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0x0F) * 4
        length, ident = struct.unpack(">HH", ip[2:6])
        packets.append(Ipv4Packet(
            src=".".join(str(b) for b in ip[12:16]), dst=".".join(str(b) for b in ip[16:20]),
            proto=ip[9], ident=ident, length=length, l4head=bytes(ip[ihl:ihl + 8])))
    return packets
