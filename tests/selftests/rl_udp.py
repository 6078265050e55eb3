#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""UDP sink and sender for the rate-limit selftests (ratelimit*.sh).

    rl_udp.py sink LOG PORT...
        Receive on every PORT, IPv4 and IPv6 (dual-stack sockets on ::),
        and append one line per datagram to LOG: "PEER PORT". The receive
        buffers are forced to 8 MiB, so that a burst the limiter lets
        through is not lost in the socket instead.

    rl_udp.py send SRC DST PORTS COUNT RATE [STOPFILE]
        Send 64-byte datagrams from SRC to DST, cycling over PORTS (comma
        separated): COUNT of them, or with COUNT 0 until STOPFILE exists.
        RATE per second, never catching up in a burst when late (0: as
        fast as possible). Prints "SENT SECONDS": the datagrams the kernel
        took, and the time from the first send to the last.
"""

import os
import select
import socket
import sys
import time

SO_RCVBUFFORCE = 33


def sink(log_path, ports):
    log = open(log_path, "a", buffering=1)
    socks = {}
    for port in ports:
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        try:
            s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 8 << 20)
        except OSError:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        s.bind(("::", port))
        socks[s] = port
    while True:
        for s in select.select(list(socks), [], [])[0]:
            while True:
                try:
                    _, addr = s.recvfrom(65536, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    break
                peer = addr[0]
                if peer.startswith("::ffff:"):
                    peer = peer[7:]
                log.write("%s %d\n" % (peer, socks[s]))


def send(src, dst, ports, count, rate, stopfile=None):
    fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((src, 0))
    payload = b"r" * 64
    sent = i = 0
    first = last = None
    gap = 1.0 / rate if rate else 0
    due = time.monotonic()
    while count == 0 or i < count:
        if count == 0 and i % 8 == 0 and stopfile and os.path.exists(stopfile):
            break
        if gap:
            now = time.monotonic()
            if due > now:
                time.sleep(due - now)
            # Late (a busy CPU): go on from now, no burst to catch up.
            due = max(due + gap, time.monotonic())
        try:
            s.sendto(payload, (dst, ports[i % len(ports)]))
            sent += 1
            last = time.monotonic()
            if first is None:
                first = last
        except OSError:
            pass
        i += 1
    print(sent, "%.3f" % ((last - first) if sent else 0.0))


def main(argv):
    if len(argv) >= 4 and argv[1] == "sink":
        sink(argv[2], [int(p) for p in argv[3:]])
    elif len(argv) in (7, 8) and argv[1] == "send":
        send(argv[2], argv[3], [int(p) for p in argv[4].split(",")],
             int(argv[5]), float(argv[6]), argv[7] if len(argv) == 8 else None)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
