#!/usr/bin/env python3
"""Opens COUNT slow client connections to HOST:PORT and holds them (bench/slow-clients).

Modes: idle (connect, send nothing), headers (a request line and half a header, never ended),
body (a POST declaring 1 MiB and sending 64 KiB of it). Prints "opened N" once all are open,
holds them for HOLD seconds, then prints "closed M" (how many the server closed meanwhile).
"""
import errno
import socket
import sys
import time


def main():
    host, port, mode, count, hold = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
    path = sys.argv[6] if len(sys.argv) > 6 else "/bench/hello"
    payloads = {
        "idle": b"",
        "headers": ("GET %s HTTP/1.1\r\nHost: bench\r\nX-Slow: " % path).encode(),
        "body": ("POST %s HTTP/1.1\r\nHost: bench\r\nContent-Length: 1048576\r\n\r\n" % path).encode()
        + b"x" * 65536,
    }
    sent = payloads[mode]
    sockets = []
    for _ in range(count):
        s = socket.create_connection((host, port), timeout=10)
        if sent:
            s.sendall(sent)
        sockets.append(s)
    print("opened %d" % len(sockets), flush=True)
    time.sleep(hold)
    closed = 0
    for s in sockets:
        s.setblocking(False)
        try:
            while True:
                data = s.recv(65536)
                if not data:
                    closed += 1
                    break
        except BlockingIOError:
            pass
        except OSError as e:
            if e.errno in (errno.ECONNRESET, errno.EPIPE):
                closed += 1
        s.close()
    print("closed %d" % closed, flush=True)


if __name__ == "__main__":
    main()
