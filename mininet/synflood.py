"""A SYN flood at a fixed rate from one test host, for the SYN-cookie test.

/usr/bin/python3 synflood.py DST_IP DST_PORT RATE_PER_S SECONDS
Sends TCP SYNs from the host's own address with rotating source ports, paced in 10 ms slices,
then prints how many it sent. Only for addresses inside the test's own Mininet network.
"""

import random
import socket
import struct
import sys
import time


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def syn(src, dst, sport, dport, seq):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, 5 << 4, 0x02, 64240, 0, 0)
    pseudo = struct.pack("!4s4sBBH", src, dst, 0, socket.IPPROTO_TCP, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), random.randrange(65536), 0, 64,
                     socket.IPPROTO_TCP, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return ip + tcp


def main():
    dst_ip, dst_port, rate, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    # Our own address on the data network: the route to the destination says which one.
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.connect((dst_ip, dst_port))
    src = socket.inet_aton(probe.getsockname()[0])
    dst = socket.inet_aton(dst_ip)
    sent = 0
    start = time.monotonic()
    end = start + seconds
    while time.monotonic() < end:
        due = int((time.monotonic() - start) * rate)
        while sent < due:
            s.sendto(syn(src, dst, 10000 + sent % 50000, dst_port, random.getrandbits(32)), (dst_ip, 0))
            sent += 1
        time.sleep(0.01)
    print(sent)


if __name__ == "__main__":
    main()
