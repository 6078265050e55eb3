#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A slow HTTP download, for a connection that stays open (synproxy.sh).

    slow_get.py HOST PORT PATH OUT RATE

Fetches http://HOST:PORT/PATH over HTTP/1.0 with a small receive buffer,
reading at most RATE bytes a second, and writes the body to OUT as it
arrives (so its size shows the progress). Exits 0 once the server has
closed the connection after a complete response (Content-Length bytes),
1 otherwise, with the reason on stderr. (curl's --limit-rate does not
hold a local download back on Debian 12's curl.)
"""

import socket
import sys
import time


def main():
    host, port, path, out, rate = sys.argv[1:6]
    rate = int(rate)
    chunk = 16384
    s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
    s.settimeout(60)
    s.connect((host, int(port)))
    s.sendall(f'GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n'.encode())
    head = b''
    while b'\r\n\r\n' not in head:
        data = s.recv(chunk)
        if not data:
            sys.exit('connection closed inside the headers')
        head += data
    head, body = head.split(b'\r\n\r\n', 1)
    length = None
    for line in head.split(b'\r\n')[1:]:
        name, _, value = line.partition(b':')
        if name.strip().lower() == b'content-length':
            length = int(value)
    if length is None:
        sys.exit('no Content-Length in the response')
    got = len(body)
    t0 = time.monotonic()
    with open(out, 'wb', buffering=0) as f:
        f.write(body)
        while True:
            data = s.recv(chunk)
            if not data:
                break
            f.write(data)
            got += len(data)
            # Pace: never ahead of RATE bytes a second.
            ahead = got / rate - (time.monotonic() - t0)
            if ahead > 0:
                time.sleep(ahead)
    if got != length:
        sys.exit(f'got {got} bytes of {length}')


if __name__ == '__main__':
    try:
        main()
    except OSError as e:
        sys.exit(f'{type(e).__name__}: {e}')
