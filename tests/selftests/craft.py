#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made IPv4/IPv6 frames out of an interface with an AF_PACKET socket.

    craft.py IFACE DSTMAC KIND COUNT

Sends COUNT copies of the packet KIND (see KINDS) from IFACE to DSTMAC, with
the addresses of the selftests' veth (192.0.2.1 -> 192.0.2.2, 2001:db8::1 ->
2001:db8::2), and prints the network-layer length of one packet, which is
what floodgate adds to its byte counters. Each kind carries a marker a test
can match with nft (KINDS[kind].marker: the IPv4 ID or the IPv6 flow label),
so that it can tell whether a packet got past floodgate's hook.

The IP headers are valid, so that the kernel's own receive checks
(ip_rcv_core, ipv6_rcv) let the packets reach PRE_ROUTING: only what
floodgate's parser judges is broken.
"""

import socket
import struct
import sys

SRC4, DST4 = "192.0.2.1", "192.0.2.2"
SRC6, DST6 = "2001:db8::1", "2001:db8::2"
TCP, UDP, DSTOPTS, FRAG6, NONE6 = 6, 17, 60, 44, 59


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(proto, payload, ident, frag_off=0, more=False):
    flags_off = (0x2000 if more else 0) | frag_off
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident,
                      flags_off, 64, proto, 0, socket.inet_aton(SRC4),
                      socket.inet_aton(DST4))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return 0x0800, hdr + payload


def ipv6(nexthdr, payload, flowlabel):
    hdr = struct.pack("!IHBB16s16s", (6 << 28) | flowlabel, len(payload),
                      nexthdr, 64, socket.inet_pton(socket.AF_INET6, SRC6),
                      socket.inet_pton(socket.AF_INET6, DST6))
    return 0x86DD, hdr + payload


def l4sum4(proto, seg):
    pseudo = (socket.inet_aton(SRC4) + socket.inet_aton(DST4) +
              struct.pack("!BBH", 0, proto, len(seg)))
    return csum(pseudo + seg)


def tcp(doff_words=5, flags=0x02, sport=40000, dport=9):
    """A TCP header of 20 bytes whose data offset field says doff_words."""
    return struct.pack("!HHIIBBHHH", sport, dport, 1, 0, doff_words << 4,
                       flags, 8192, 0, 0)


def tcp4(seg):
    return seg[:16] + struct.pack("!H", l4sum4(TCP, seg)) + seg[18:]


def dstopts(nexthdr):
    # 8 bytes: next header, length 0 (= 8 bytes), a PadN option of 4 bytes.
    return struct.pack("!BBBB4x", nexthdr, 0, 1, 4)


def dstopts_chain(n, last):
    out = b""
    for i in range(n):
        out += dstopts(DSTOPTS if i < n - 1 else last)
    return out


def frag6(nexthdr, offset8, more, ident):
    return struct.pack("!BBHI", nexthdr, 0, (offset8 << 3) | int(more), ident)


# name -> (function returning (ethertype, packet), marker)
KINDS = {
    # A TCP header whose data offset (4 words) is below the minimum of 5.
    "tcp4-doff4": (lambda: ipv4(TCP, tcp4(tcp(doff_words=4)), 0x4601), 0x4601),
    # The same packet with a correct data offset: the control.
    "tcp4-ok": (lambda: ipv4(TCP, tcp4(tcp()), 0x4602), 0x4602),
    # A UDP header whose length (200) exceeds the 16-byte datagram.
    "udp4-badlen": (lambda: ipv4(UDP, struct.pack("!HHHH8x", 40000, 9, 200, 0),
                                 0x4603), 0x4603),
    # A TCP fragment at offset 8 bytes (RFC 1858 3.2): it would overwrite
    # the flags of the first fragment on reassembly.
    "tcp4-frag8": (lambda: ipv4(TCP, b"\0" * 16, 0x4604, frag_off=1), 0x4604),
    # A later TCP fragment at offset 16 bytes: legitimate, the control.
    "tcp4-frag16": (lambda: ipv4(TCP, b"\0" * 16, 0x4605, frag_off=2), 0x4605),
    # A first fragment carrying only 8 bytes of its TCP header (RFC 1858 3.1).
    "tcp4-tinyfrag": (lambda: ipv4(TCP, tcp()[:8], 0x4606, more=True), 0x4606),
    # Nine destination-options headers: one more than the parser walks.
    "ip6-dstopts9": (lambda: ipv6(DSTOPTS, dstopts_chain(9, NONE6), 0x46001),
                     0x46001),
    # Eight: exactly FLOODGATE_MAX_EXTHDRS, the control.
    "ip6-dstopts8": (lambda: ipv6(DSTOPTS, dstopts_chain(8, NONE6), 0x46002),
                     0x46002),
    # A first fragment whose TCP header is cut after 8 bytes (RFC 7112).
    "tcp6-tinyfrag": (lambda: ipv6(FRAG6, frag6(TCP, 0, True, 0x4607) +
                                   tcp()[:8], 0x46003), 0x46003),
}


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--markers":
        for name, (_, marker) in KINDS.items():
            print(name, marker)
        return 0
    if len(sys.argv) != 5 or sys.argv[3] not in KINDS:
        print("usage: craft.py IFACE DSTMAC KIND COUNT | --markers\nkinds: " +
              " ".join(KINDS), file=sys.stderr)
        return 2
    iface, dstmac, kind, count = sys.argv[1:5]
    with open("/sys/class/net/%s/address" % iface) as f:
        srcmac = bytes.fromhex(f.read().strip().replace(":", ""))
    ethertype, pkt = KINDS[kind][0]()
    frame = (bytes.fromhex(dstmac.replace(":", "")) + srcmac +
             struct.pack("!H", ethertype) + pkt)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    for _ in range(int(count)):
        s.send(frame)
    print(len(pkt))
    return 0


if __name__ == "__main__":
    sys.exit(main())
