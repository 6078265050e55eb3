#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send floodgate's rate-limit requests straight to the kernel, no CLI.

    rl_probe.py set|del [NAME=VALUE...]   FLOODGATE_CMD_LIMIT_SET / _DEL
    rl_probe.py get                       FLOODGATE_CMD_LIMIT_GET
    rl_probe.py top [COUNT]               FLOODGATE_CMD_LIMIT_TOP
    rl_probe.py config limit-capacity=N   FLOODGATE_CMD_SET_CONFIG
    rl_probe.py -                         one request a line from stdin,
                                          as the arguments above

NAME is an attribute of the FLOODGATE_A_LIMIT nest, spelled as in the
uapi header without its prefix, lower case, '-' for '_' (proto, port-min,
pps, burst, v4-prefix, block-time...), and sent with the header's type
whatever the value: the point is to hand the kernel what the CLI would
refuse. Prints one JSON object:

    {"error": ERRNO, "errname": "EINVAL"|null, "extack": "...",
     "reply": "HEX"}

reply is the payload of the kernel's answers after the genl header, hex,
so that two GETs can be compared. With -, one such line per request, all
on one socket (a Python start takes seconds in an emulated guest). Exit
status: 0 the kernel accepted (every request), 1 it refused (one), 2 a
malformed request line, 3 the family does not exist. Uses genl_probe.py's
socket.
"""

import errno
import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from genl_probe import Genl, attr  # noqa: E402

CMD = {"set": 8, "del": 9, "get": 10, "top": 11, "config": 3}
FLOODGATE_A_LIMIT, FLOODGATE_A_LIMIT_CAPACITY, FLOODGATE_A_COUNT = 8, 9, 10

# enum floodgate_limit_attr: number and struct format.
LIMIT_ATTRS = {
    "proto": (2, "=B"), "port-min": (3, "=H"), "port-max": (4, "=H"),
    "pps": (5, "=Q"), "burst": (6, "=Q"), "syn-pps": (7, "=Q"),
    "syn-burst": (8, "=Q"), "bps": (9, "=Q"), "bytes-burst": (10, "=Q"),
    "v4-prefix": (11, "=B"), "v6-prefix": (12, "=B"),
    "block-after": (13, "=I"), "block-window": (14, "=I"),
    "block-time": (15, "=I"),
}


def build(op, args):
    """The request's payload, or None if the arguments are malformed."""
    payload = b""
    try:
        if op in ("set", "del"):
            nest = b""
            for a in args:
                name, value = a.split("=", 1)
                num, fmt = LIMIT_ATTRS[name]
                nest += attr(num, struct.pack(fmt, int(value, 0)))
            payload = attr(FLOODGATE_A_LIMIT | 0x8000, nest)
        elif op == "top" and args:
            payload = attr(FLOODGATE_A_COUNT, struct.pack("=I", int(args[0], 0)))
        elif op == "config":
            name, value = args[0].split("=", 1)
            if name != "limit-capacity":
                return None
            payload = attr(FLOODGATE_A_LIMIT_CAPACITY, struct.pack("=I", int(value, 0)))
        elif op != "get" and op != "top":
            return None
    except (ValueError, KeyError, IndexError, struct.error):
        return None
    return payload


def main(argv):
    if len(argv) == 2 and argv[1] == "-":
        requests = [line.split() for line in sys.stdin if line.strip()]
    elif len(argv) >= 2:
        requests = [argv[1:]]
    else:
        requests = []
    payloads = []
    for r in requests:
        p = build(r[0], r[1:]) if r[0] in CMD else None
        if p is None:
            sys.stderr.write("rl_probe.py: bad request: %s\n%s" % (" ".join(r), __doc__))
            return 2
        payloads.append((CMD[r[0]], p))
    if not payloads:
        sys.stderr.write(__doc__)
        return 2
    g = Genl()
    family = g.resolve("floodgate")
    if family is None:
        print(json.dumps({"error": None, "errname": None, "extack": "", "reply": ""}))
        return 3
    ret = 0
    for cmd, payload in payloads:
        err, extack, replies = g.request(family, cmd, payload)
        print(json.dumps({"error": err, "extack": extack,
                          "errname": errno.errorcode.get(err, str(err)) if err else None,
                          "reply": b"".join(replies).hex()}))
        ret = ret or (1 if err else 0)
    return ret


if __name__ == "__main__":
    sys.exit(main(sys.argv))
