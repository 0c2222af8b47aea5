#!/usr/bin/env python3
"""The slowest request/response exchanges in a loopback capture, packet by packet.

    pcap_slow.py FILE.pcap GATEWAY_PORT BACKEND_PORT [--top 8]

Reads a tcpdump capture (headers only is enough) of a proxy's front port and its backend's port.
On each front connection a client packet with payload starts an exchange and the proxy's first
packet with payload after it answers it; the same on each backend connection. Prints the latency
distribution of both legs, then the slowest front exchanges with: the packets of that connection
in the window, what the proxy sent to anyone meanwhile (a proxy that sent nothing was stalled as a
whole; one that kept sending left this request behind), and the longest silences of the proxy.
"""
import struct
import sys


def packets(path):
    with open(path, "rb") as f:
        head = f.read(24)
        magic = struct.unpack("<I", head[:4])[0]
        endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
        nano = magic in (0xA1B23C4D, 0x4D3CB2A1)
        link = struct.unpack(endian + "I", head[20:24])[0]
        skip = {1: 14, 113: 16, 276: 20, 0: 4}.get(link)
        if skip is None:
            raise SystemExit(f"link type {link} not read")
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            sec, frac, incl, _ = struct.unpack(endian + "IIII", rec)
            data = f.read(incl)
            ts = sec + frac / (1e9 if nano else 1e6)
            ip = data[skip:]
            if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:
                continue
            ihl = (ip[0] & 15) * 4
            total = struct.unpack(">H", ip[2:4])[0]
            tcp = ip[ihl:]
            if len(tcp) < 20:
                continue
            sport, dport, seq, ack = struct.unpack(">HHII", tcp[:12])
            off = (tcp[12] >> 4) * 4
            flags = tcp[13]
            payload = total - ihl - off
            yield ts, sport, dport, seq, ack, flags, payload


def flag_text(flags):
    return "".join(c for c, bit in zip("FSRPAU", (1, 2, 4, 8, 16, 32)) if flags & bit) or "."


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0


def main():
    path, gw, be = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 8
    pkts = list(packets(path))
    if not pkts:
        print("pcap_slow: no packets")
        return
    by_conn = {}
    proxy_sends = []
    for p in pkts:
        ts, sport, dport, _, _, _, payload = p
        for leg, server in (("front", gw), ("backend", be)):
            if server in (sport, dport):
                by_conn.setdefault((leg, dport if sport == server else sport), []).append(p)
        # What the proxy sent: answers to clients, requests to the backend.
        if payload and (sport == gw or dport == be):
            proxy_sends.append(ts)
    # On each connection a client payload opens an exchange, the server's next payload closes it.
    legs = {"front": [], "backend": []}
    for (leg, client), plist in by_conn.items():
        server = gw if leg == "front" else be
        open_at = None
        first = True
        for ts, sport, _, _, _, _, payload in plist:
            if not payload:
                continue
            if sport != server and open_at is None:
                open_at = ts
            elif sport == server and open_at is not None:
                legs[leg].append((open_at, ts, client, first))
                open_at = None
                first = False
    print(f"capture: {len(pkts)} packets over {pkts[-1][0] - pkts[0][0]:.1f} s")
    for leg, exchanges in legs.items():
        # Seconds are counted from the first request of the leg, not from the capture's first packet.
        begin = min((e[0] for e in exchanges), default=0)
        for which, chosen in (("all", exchanges), ("first on a connection", [e for e in exchanges if e[3]]),
                              ("later on a connection", [e for e in exchanges if not e[3]]),
                              ("from 0.5 s on", [e for e in exchanges if e[0] - begin >= 0.5]),
                              ("from 3 s on", [e for e in exchanges if e[0] - begin >= 3])):
            lat = [(ex[1] - ex[0]) * 1e6 for ex in chosen]
            if lat:
                print(f"{leg:8} {which:22} {len(lat):6}: p50 {pct(lat, .5):8.0f} µs  p99 {pct(lat, .99):8.0f} µs  "
                      f"p99.9 {pct(lat, .999):8.0f} µs  max {max(lat):8.0f} µs")
    gaps = sorted(((b - a, a) for a, b in zip(proxy_sends, proxy_sends[1:])), reverse=True)[:5]
    t0 = pkts[0][0]
    print("longest silences of the proxy (no payload sent to a client or the backend): "
          + ", ".join(f"{g * 1e3:.2f} ms at +{a - t0:.3f} s" for g, a in gaps))
    # The slowest later exchanges: a connection's first waits for its set-up, shown above.
    front = sorted((e for e in legs["front"] if not e[3]), key=lambda e: e[0] - e[1])[:top]
    for start, end, client, _ in front:
        sent = sum(1 for t in proxy_sends if start < t < end)
        print(f"\nslow exchange on client port {client}: {(end - start) * 1e3:.2f} ms from +{start - t0:.4f} s; "
              f"the proxy sent {sent} payload packets to others meanwhile")
        for ts, sport, dport, seq, ack, flags, payload in by_conn[("front", client)]:
            if start - 0.05 <= ts <= end + 0.005:
                who = "client -> proxy" if dport == gw else "proxy -> client"
                print(f"  +{ts - t0:.6f}  {who}  {flag_text(flags):5} len {payload:5}  seq {seq} ack {ack}")


if __name__ == "__main__":
    main()
