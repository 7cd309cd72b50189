#!/usr/bin/env python3
"""One SIP request to a loopback server, for bench-sip.sh's readiness and pre-flight checks.

usage: sip_probe.py udp|tcp HOST PORT OPTIONS
       sip_probe.py udp|tcp HOST PORT INVITE FROM_USER TO_USER

Prints the final response's status line, then its Call-Info, Reason and Contact headers
(one per line, as received), and exits 0; prints nothing and exits 1 when no final response
came within 1 s. An INVITE's non-2xx final response is ACKed (RFC 3261 17.1.1.3) so the
server's transaction does not keep retransmitting it. Standard library only.
"""
import random
import socket
import sys
import time


def build(method, tr, host, port, lport, branch, ftag, fuser, tuser, cid, to_tag=""):
    ruri = "sip:%s@%s:%d" % (tuser, host, port)
    cseq = "1 ACK" if method == "ACK" else "1 %s" % method
    lines = [
        "%s %s SIP/2.0" % (method, ruri),
        "Via: SIP/2.0/%s 127.0.0.1:%d;branch=%s" % (tr.upper(), lport, branch),
        "From: <sip:%s@127.0.0.1:%d>;tag=%s" % (fuser, lport, ftag),
        "To: <%s>%s" % (ruri, to_tag),
        "Call-ID: %s" % cid,
        "CSeq: %s" % cseq,
        "Max-Forwards: 70",
    ]
    if method == "INVITE":
        lines.append("Contact: <sip:%s@127.0.0.1:%d;transport=%s>" % (fuser, lport, tr))
        lines.append("Feature-Caps: *;+sip.608")
    lines.append("Content-Length: 0")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin1")


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    tr, host, port, method = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].upper()
    fuser = sys.argv[5] if len(sys.argv) > 5 else "probe"
    tuser = sys.argv[6] if len(sys.argv) > 6 else "probe"
    n = random.randrange(1 << 30)
    branch, ftag, cid = "z9hG4bK-bench-%d" % n, "b%d" % n, "bench-probe-%d" % n
    deadline = time.monotonic() + 1.0
    try:
        if tr == "udp":
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("127.0.0.1", 0))
            send = lambda b: s.sendto(b, (host, port))
        else:
            s = socket.create_connection((host, port), timeout=1.0)
            send = s.sendall
        lport = s.getsockname()[1]
        send(build(method, tr, host, port, lport, branch, ftag, fuser, tuser, cid))
        buf = b""
        while time.monotonic() < deadline:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            buf += s.recv(65535)
            # a stream may hold several messages; find the first final response
            for msg in buf.split(b"SIP/2.0 ")[1:]:
                if b"\r\n\r\n" not in msg:
                    continue  # header not complete yet (stream)
                head = msg.split(b"\r\n\r\n", 1)[0].decode("latin1")
                if not head[:3].isdigit() or int(head[:3]) < 200:
                    continue
                lines = head.split("\r\n")
                print("SIP/2.0 " + lines[0])
                to_tag = ""
                for h in lines[1:]:
                    name = h.split(":", 1)[0].strip().lower()
                    if name in ("call-info", "reason", "contact"):
                        print(h)
                    if name in ("to", "t") and ";tag=" in h:
                        to_tag = ";tag=" + h.split(";tag=", 1)[1].split(";")[0].strip()
                if method == "INVITE" and int(lines[0][:3]) >= 300:
                    send(build("ACK", tr, host, port, lport, branch, ftag, fuser, tuser, cid, to_tag))
                return 0
            if tr == "udp":
                buf = b""
    except Exception:
        pass
    return 1


if __name__ == "__main__":
    sys.exit(main())
