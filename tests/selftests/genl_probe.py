#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Ask the kernel for floodgate's counters directly, without the CLI.

    genl_probe.py [--netns NAME]...

Resolves the "floodgate" generic netlink family and sends one
FLOODGATE_CMD_GET_STATS request on a NETLINK_GENERIC socket opened in the
current network namespace, with NETLINK_EXT_ACK. Prints one JSON object:

    {"family": ID|null, "error": ERRNO, "errname": "EPERM", "extack": "...",
     "counters": {"2": N, ...}}

error is the kernel's errno for the request (0 when it answered), counters
maps FLOODGATE_STATS_A_* numbers to values. Exit status: 0 the kernel
answered, 1 it refused the request, 3 the family does not exist.

With --netns, asks in each of the named namespaces (from `ip netns add`)
in turn and prints one object per line, with "netns": NAME added; the exit
status is the worst. One process for many namespaces: process creation is
what costs most in the emulated test guest.
"""

import ctypes
import errno
import json
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLM_F_REQUEST, NLM_F_ACK, NLM_F_ACK_TLVS = 0x1, 0x4, 0x200
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLMSGERR_ATTR_MSG = 1
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
FLOODGATE_CMD_GET_STATS, FLOODGATE_A_STATS = 1, 1
FLOODGATE_STATS_A_PAD = 1


def attrs(buf):
    """Yield (type, payload) for the netlink attributes in buf."""
    off = 0
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from("=HH", buf, off)
        if alen < 4:
            break
        yield atype & 0x3FFF, buf[off + 4:off + alen]
        off += (alen + 3) & ~3


def attr(atype, payload):
    a = struct.pack("=HH", 4 + len(payload), atype) + payload
    return a + b"\0" * (-len(a) % 4)


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.bind((0, 0))
        self.seq = 0

    def request(self, family, cmd, payload=b""):
        """Returns (error, extack, [reply payloads after the genl header])."""
        self.seq += 1
        body = struct.pack("=BBH", cmd, 1, 0) + payload
        self.s.send(struct.pack("=IHHII", 16 + len(body), family,
                                NLM_F_REQUEST | NLM_F_ACK, self.seq, 0) + body)
        replies = []
        while True:
            data = self.s.recv(65536)
            off = 0
            while off + 16 <= len(data):
                mlen, mtype, mflags, mseq, _ = struct.unpack_from("=IHHII", data, off)
                msg = data[off + 16:off + mlen]
                off += (mlen + 3) & ~3
                if mseq != self.seq:
                    continue
                if mtype == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", msg)[0]
                    extack = ""
                    if mflags & NLM_F_ACK_TLVS:
                        # With NETLINK_CAP_ACK only the request's header is
                        # echoed back: error (4) + nlmsghdr (16).
                        for t, v in attrs(msg[20:]):
                            if t == NLMSGERR_ATTR_MSG:
                                extack = v.rstrip(b"\0").decode()
                    return err, extack, replies
                if mtype == NLMSG_DONE:
                    return 0, "", replies
                replies.append(msg[4:])

    def resolve(self, name):
        err, _, replies = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                       attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        if err:
            return None
        for t, v in attrs(replies[0]):
            if t == CTRL_ATTR_FAMILY_ID:
                return struct.unpack("=H", v[:2])[0]
        return None


CLONE_NEWNET = 0x40000000


def enter_netns(name):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open("/run/netns/" + name, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET):
            e = ctypes.get_errno()
            raise OSError(e, "setns %s: %s" % (name, os.strerror(e)))
    finally:
        os.close(fd)


def probe(extra=None):
    g = Genl()
    out = dict(extra or {})
    out.update({"family": g.resolve("floodgate"), "error": None,
                "errname": None, "extack": "", "counters": {}})
    if out["family"] is None:
        print(json.dumps(out))
        return 3
    err, extack, replies = g.request(out["family"], FLOODGATE_CMD_GET_STATS)
    out["error"], out["extack"] = err, extack
    out["errname"] = errno.errorcode.get(err, str(err)) if err else None
    for r in replies:
        for t, v in attrs(r):
            if t != FLOODGATE_A_STATS:
                continue
            for ct, cv in attrs(v):
                if ct != FLOODGATE_STATS_A_PAD:
                    out["counters"][str(ct)] = (struct.unpack("=Q", cv)[0]
                                                if len(cv) == 8 else None)
    print(json.dumps(out))
    return 1 if err else 0


def main():
    args = sys.argv[1:]
    if not args:
        return probe()
    if len(args) % 2 or any(a != "--netns" for a in args[::2]):
        print("usage: genl_probe.py [--netns NAME]...", file=sys.stderr)
        return 2
    worst = 0
    for name in args[1::2]:
        enter_netns(name)
        worst = max(worst, probe({"netns": name}))
    return worst


if __name__ == "__main__":
    sys.exit(main())
