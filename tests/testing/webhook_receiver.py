#!/usr/bin/python3
# Copyright 2026 The Vigil Authors.
"""A webhook receiver for the tests: verifies Standard Webhooks signatures.

  webhook_receiver.py serve --secret S [--secret S2] --log FILE
      [--port P] [--port-file F] [--responses 500,200] [--retry-after N]
      [--tls-cert PEM --tls-key PEM] [--no-verify]
  webhook_receiver.py verify --secret S --id ID --timestamp T --signature SIG
      < body        (exit 0: valid, 1: not)

serve answers request k with the k-th of --responses (the last one repeats;
"hang" never answers) and appends one JSON line per request to --log:
{"id", "timestamp", "signature", "verified", "body", "status", "at",
"events"}. "events" is how many events the body carries: 1 for an event,
the array's length for a batch (a JSON array of events, sent when vigil
runs with --webhook-batch N > 1; docs/webhooks.md "Batches"), 0 when the
body is not JSON. A batch is verified like an event: one signature over
the whole body.
--no-verify (benchmarks) skips the signature check: "verified" is false.
verify() is the receiver check shown in docs/webhooks.md.
"""

import argparse
import base64
import hashlib
import hmac
import http.server
import json
import sys
import threading
import time

TOLERANCE_S = 300  # reject timestamps further than this from now


def verify(secrets, msg_id, timestamp, body, signature_header, now=None):
    """True when one of the v1 signatures matches one of the secrets."""
    now = time.time() if now is None else now
    try:
        if abs(now - int(timestamp)) > TOLERANCE_S:
            return False
    except ValueError:
        return False
    signed = f"{msg_id}.{timestamp}.".encode() + body
    for secret in secrets:
        key = base64.b64decode(secret.removeprefix("whsec_"))
        expected = base64.b64encode(
            hmac.new(key, signed, hashlib.sha256).digest()).decode()
        for sig in signature_header.split():
            version, _, value = sig.partition(",")
            if version == "v1" and hmac.compare_digest(value, expected):
                return True
    return False


def events_in(body):
    """1 for one event, the length of a batch (a JSON array), 0 otherwise."""
    try:
        doc = json.loads(body)
    except ValueError:
        return 0
    if isinstance(doc, list):
        return len(doc)
    return 1 if isinstance(doc, dict) else 0


def serve(args):
    lock = threading.Lock()
    count = [0]
    responses = args.responses.split(",")

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *unused):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            with lock:
                k = count[0]
                count[0] += 1
            answer = responses[min(k, len(responses) - 1)]
            msg_id = self.headers.get("webhook-id", "")
            ts = self.headers.get("webhook-timestamp", "")
            sig = self.headers.get("webhook-signature", "")
            record = {
                "events": events_in(body),
                "id": msg_id, "timestamp": ts, "signature": sig,
                "verified": not args.no_verify and verify(
                    args.secret, msg_id, ts, body, sig),
                "body": body.decode("utf-8", "replace"), "status": answer,
                "at": time.time(),
            }
            with lock, open(args.log, "a") as log:
                log.write(json.dumps(record) + "\n")
            if answer == "hang":
                time.sleep(3600)
                return
            code = int(answer)
            self.send_response(code)
            if code == 429 and args.retry_after is not None:
                self.send_header("Retry-After", str(args.retry_after))
            self.send_header("Content-Length", "0")
            self.end_headers()

    http.server.ThreadingHTTPServer.daemon_threads = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    if args.tls_cert:
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        import os
        os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--secret", action="append", required=True)
    s.add_argument("--log", required=True)
    s.add_argument("--port", type=int, default=0)
    s.add_argument("--port-file")
    s.add_argument("--responses", default="200")
    s.add_argument("--retry-after", type=int)
    s.add_argument("--tls-cert")
    s.add_argument("--tls-key")
    s.add_argument("--no-verify", action="store_true")
    v = sub.add_parser("verify")
    v.add_argument("--secret", action="append", required=True)
    v.add_argument("--id", required=True)
    v.add_argument("--timestamp", required=True)
    v.add_argument("--signature", required=True)
    args = p.parse_args()
    if args.cmd == "serve":
        serve(args)
        return 0
    body = sys.stdin.buffer.read()
    return 0 if verify(args.secret, args.id, args.timestamp, body,
                       args.signature) else 1


if __name__ == "__main__":
    sys.exit(main())
