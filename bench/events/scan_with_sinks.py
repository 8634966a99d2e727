#!/usr/bin/python3
# Copyright 2026 The Vigil Authors.
"""`vigil scan` with and without event sinks (issue #16, bench point 3).

Scans a generated corpus (benign PNG and JPEG pictures, each unique; a
hash set that lists every file's SHA-256, so every file matches and emits
one event, or with --match-every N only every N-th file's) with the real
`vigil` binary, as whole processes, alternating:

  A  no --events (events are recorded in the store's outbox only)
  B  --events webhook+http://127.0.0.1:P/hook (webhook_bench_receiver,
     built beside this script: it checks every signature and answers 200;
     --python-receiver: the tests' tests/testing/webhook_receiver.py, which
     does the same for about ten times the CPU per request) and --events
     nats://127.0.0.1:Q/... (a single nats-server -js started here, file
     storage)

  C  (with --vigil-c PATH) case B with another vigil binary, e.g. the
     build before a change, so that two builds are compared in one set

Each run gets a fresh copy of the same store, so every run records N new
events; B and C runs use a new NATS subject (a new stream) each. Runs go
in ABBA order (ABCCBA with C). Reported per case: the scan time (the one
`vigil scan` prints: store open + scan, events recorded) and the whole process (+ draining
the sinks + exit), medians over the runs, and the ratios B / A. Every B
run is checked: the receiver got every event (in as many requests, or
in batches with --webhook-batch), every signature verified (unless
--no-verify), and the stream holds every event.

  bench/events/scan_with_sinks.py [--work DIR] [--files 2000] [--runs 5]
      [--size 96] [--match-every 1] [--webhook-batch 1] [--threads T]
      [--no-verify] [--servers-dir DIR] [--vigil build/release/bin/vigil]
      [--vigil-c OTHER] [--servers-nice N] [--python-receiver]
      [--receiver build/release/bench/events/webhook_bench_receiver]

Servers started here are stopped by pid on exit; every child process runs
under a timeout.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import time
import urllib.request
import zlib

import numpy

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
RECEIVER = os.path.join(ROOT, "tests", "testing", "webhook_receiver.py")
# A fixed benchmark key, not a secret.
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, seconds=20):
    give_up = time.monotonic() + seconds
    while time.monotonic() < give_up:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def picture(seed, w, h):
    """RGB rows (bytes) of a w x h picture unique to seed."""
    y, x = numpy.mgrid[0:h, 0:w].astype(numpy.int64)
    rgb = numpy.empty((h, w, 3), numpy.uint8)
    rgb[..., 0] = (x * 7 + seed * 13 + (x * y) // (1 + seed % 5)) & 255
    rgb[..., 1] = (y * 5 + seed * 3 + ((x ^ y) >> 2)) & 255
    rgb[..., 2] = ((x ^ y) + seed * 11 + (x * x + y) // 7) & 255
    rgb[0, 0, 0] = seed & 255
    rgb[0, 0, 1] = (seed >> 8) & 255
    return [row.tobytes() for row in rgb]


def png(rows, w, h):
    def chunk(kind, data):
        c = kind + data
        return (struct.pack(">I", len(data)) + c +
                struct.pack(">I", zlib.crc32(c) & 0xffffffff))
    raw = b"".join(b"\0" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def make_corpus(corpus, n, size=96):
    os.makedirs(corpus, exist_ok=True)
    cjpeg = shutil.which("cjpeg")
    for i in range(n):
        rows = picture(i, size, size)
        if i % 2 == 1 and cjpeg:
            ppm = b"P6 %d %d 255\n" % (size, size) + b"".join(rows)
            data = subprocess.run([cjpeg, "-quality", "90"], input=ppm,
                                  capture_output=True, check=True,
                                  timeout=30).stdout
            name = "%05d.jpg" % i
        else:
            data = png(rows, size, size)
            name = "%05d.png" % i
        with open(os.path.join(corpus, name), "wb") as f:
            f.write(data)


def vigil_cmd(args, *rest, timeout=600):
    return subprocess.run([args.vigil] + list(rest), capture_output=True,
                          text=True, timeout=timeout)


def make_store(args, corpus, template):
    listing = os.path.join(args.work, "sha256.txt")
    with open(listing, "w") as out:
        for k, name in enumerate(sorted(os.listdir(corpus))):
            if k % args.match_every != 0:
                continue
            with open(os.path.join(corpus, name), "rb") as f:
                out.write(hashlib.sha256(f.read()).hexdigest() + "\n")
    for cmd in (["hashset", "create", "bench", "--types", "sha256",
                 "--action", "remove", "--source", "scan_with_sinks.py"],
                ["hashset", "import", "bench", listing, "--format", "plain",
                 "--type", "sha256"]):
        r = vigil_cmd(args, "--db", template, *cmd)
        if r.returncode != 0:
            sys.exit("vigil %s failed: %s" % (" ".join(cmd), r.stderr))


class Servers:
    """The webhook receiver and nats-server, stopped by pid."""

    def __init__(self, args):
        self.args = args
        self.procs = []
        self.dir = os.path.join(args.servers_dir or args.work, "servers")
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.log = os.path.join(self.dir, "requests.jsonl")

    def start(self):
        port_file = os.path.join(self.dir, "receiver.port")
        if self.args.python_receiver:
            cmd = ["/usr/bin/python3", RECEIVER, "serve", "--responses", "200"]
        else:
            cmd = [self.args.receiver]
        cmd += ["--secret", SECRET, "--log", self.log, "--port", "0",
                "--port-file", port_file]
        if self.args.no_verify:
            cmd.append("--no-verify")
        receiver = self._spawn(cmd, "receiver")
        give_up = time.monotonic() + 10
        while not os.path.exists(port_file):
            if time.monotonic() > give_up or receiver.poll() is not None:
                sys.exit("the webhook receiver did not start")
            time.sleep(0.05)
        with open(port_file) as f:
            self.receiver_port = int(f.read())
        nats = shutil.which("nats-server") or "/usr/sbin/nats-server"
        self.nats_port, self.monitor_port = free_port(), free_port()
        server = self._spawn(
            [nats, "-js", "-a", "127.0.0.1", "-p", str(self.nats_port),
             "-m", str(self.monitor_port), "-sd",
             os.path.join(self.dir, "jetstream")], "nats")
        if not wait_port(self.nats_port, server):
            sys.exit("nats-server did not start (see %s)" % self.dir)

    def _spawn(self, cmd, name):
        out = open(os.path.join(self.dir, name + ".log"), "w")
        nice = self.args.servers_nice
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                             preexec_fn=(lambda: os.nice(nice)) if nice else
                             None)
        self.procs.append(p)
        return p

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                os.kill(p.pid, signal.SIGTERM)
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.kill(p.pid, signal.SIGKILL)
                    p.wait()
        self.procs = []

    def cpu_seconds(self):
        """User + system CPU of the servers so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for p in self.procs:
            with open("/proc/%d/stat" % p.pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / ticks

    def received(self):
        """Events the receiver got in 2xx-answered requests whose signature
        verified (any, with --no-verify)."""
        if not self.args.python_receiver:
            url = "http://127.0.0.1:%d/count" % self.receiver_port
            with urllib.request.urlopen(url, timeout=10) as r:
                j = json.load(r)
            return j["events" if self.args.no_verify else "verified_events"]
        if not os.path.exists(self.log):
            return 0
        with open(self.log) as f:
            return sum(r["events"] for r in map(json.loads, f)
                       if r["status"].startswith("2") and
                       (r["verified"] or self.args.no_verify))

    def stream_messages(self, stream):
        url = "http://127.0.0.1:%d/jsz?streams=true" % self.monitor_port
        with urllib.request.urlopen(url, timeout=10) as r:
            j = json.load(r)
        for account in j.get("account_details") or []:
            for s in account.get("stream_detail") or []:
                if s.get("name") == stream:
                    return s["state"]["messages"]
        return 0


SCANNED = re.compile(r"scanned (\d+) files .* in ([0-9.]+) s .*: (\d+) "
                     r"matched.* (\d+) new events recorded")


def run_once(args, template, corpus, sink_args, vigil):
    db = os.path.join(args.work, "run-db")
    shutil.rmtree(db, ignore_errors=True)
    shutil.copytree(template, db)
    cmd = [vigil, "--db", db, "scan", "--progress", "never",
           "--drain-timeout", "120"]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    if sink_args and args.webhook_batch > 1:
        cmd += ["--webhook-batch", str(args.webhook_batch)]
    cmd += sink_args + [corpus]
    env = dict(os.environ, VIGIL_WEBHOOK_SECRET=SECRET)
    err_path = os.path.join(args.work, "run.err")
    with open(err_path, "w") as err:
        start = time.monotonic()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err,
                             env=env)
        deadline = start + args.timeout
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() > deadline:
                os.kill(p.pid, signal.SIGKILL)
                p.wait()
                sys.exit("vigil scan took longer than %d s" % args.timeout)
            time.sleep(0.005)
        whole = time.monotonic() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
    with open(err_path) as f:
        stderr = f.read()
    m = SCANNED.search(stderr)
    if p.returncode != 1 or not m:
        sys.exit("vigil scan exited %d: %s" % (p.returncode, stderr))
    files, scan_s, matched, new = (int(m.group(1)), float(m.group(2)),
                                   int(m.group(3)), int(m.group(4)))
    if not (files == args.files and matched == new == args.matching):
        sys.exit("expected %d files and %d matches and new events: %s" %
                 (args.files, args.matching, stderr))
    if sink_args and "(0 pending)" not in stderr:
        sys.exit("the sinks were not drained: %s" % stderr)
    shutil.rmtree(db, ignore_errors=True)
    return scan_s, whole, cpu


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--work", default="/tmp/vigil-scan-with-sinks")
    p.add_argument("--files", type=int, default=2000)
    p.add_argument("--size", type=int, default=96,
                   help="pictures are SIZE x SIZE pixels (96: tiny files, "
                        "the events' worst case; 640: photo-sized)")
    p.add_argument("--runs", type=int, default=5, help="runs per case")
    p.add_argument("--match-every", type=int, default=1,
                   help="the hash set lists every N-th file (1: every file "
                        "matches, the events' worst case; 100: 1%%)")
    p.add_argument("--webhook-batch", type=int, default=1,
                   help="vigil scan --webhook-batch N in case B (1: one "
                        "POST per event)")
    p.add_argument("--threads", type=int, default=0,
                   help="vigil scan --threads (default: all cores)")
    p.add_argument("--no-verify", action="store_true",
                   help="the receiver does not check signatures")
    p.add_argument("--sinks", default="webhook,nats",
                   help="the sinks of case B: webhook, nats, jsonl")
    p.add_argument("--servers-dir",
                   help="where the receiver's log and the JetStream store "
                        "go (default: --work; e.g. /dev/shm, so that the "
                        "servers, which a deployment runs on other hosts, "
                        "do not write to the disk the scan syncs to)")
    p.add_argument("--servers-nice", type=int, default=0,
                   help="run the receiver and nats-server this many nice "
                        "levels lower (e.g. 19: they use only the CPU time "
                        "vigil leaves idle, as if on hosts of their own)")
    p.add_argument("--timeout", type=int, default=300,
                   help="seconds one vigil scan may take")
    p.add_argument("--vigil", default=os.path.join(
        ROOT, "build", "release", "bin", "vigil"))
    p.add_argument("--receiver", default=os.path.join(
        ROOT, "build", "release", "bench", "events", "webhook_bench_receiver"),
        help="the webhook receiver binary")
    p.add_argument("--python-receiver", action="store_true",
                   help="use the tests' webhook_receiver.py instead")
    p.add_argument("--vigil-c",
                   help="case C: the sinks of case B with this vigil binary")
    args = p.parse_args()
    # SIGTERM (and SIGINT, which a background job ignores) stops the
    # servers too, through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    args.work = os.path.abspath(args.work)
    if ("webhook" in args.sinks.split(",") and not args.python_receiver and
            not os.access(args.receiver, os.X_OK)):
        sys.exit("%s is missing: cmake --build build/release --target "
                 "webhook_bench_receiver (or --python-receiver)" %
                 args.receiver)
    args.matching = (args.files + args.match_every - 1) // args.match_every
    os.makedirs(args.work, exist_ok=True)
    corpus = os.path.join(args.work, "corpus-%d-%d" % (args.files, args.size))
    template = os.path.join(args.work, "template-db-%d-%d-%d" % (
        args.files, args.size, args.match_every))
    if not os.path.isdir(corpus):
        make_corpus(corpus + ".tmp", args.files, args.size)
        os.rename(corpus + ".tmp", corpus)
    if not os.path.isdir(template):
        make_store(args, corpus, template + ".tmp")
        os.rename(template + ".tmp", template)

    print("# load average before: %s" % open("/proc/loadavg").read().strip())
    print("# %d files, %d bytes, %d matching; receiver %s, signature check "
          "%s; webhook batch %d" % (
              args.files, sum(os.path.getsize(os.path.join(corpus, f))
                              for f in os.listdir(corpus)),
              args.matching,
              "webhook_receiver.py" if args.python_receiver else
              "webhook_bench_receiver", "off" if args.no_verify else "on",
              args.webhook_batch))
    print("# servers' files (receiver log, JetStream store) under %s; "
          "servers at nice +%d" % (args.servers_dir or args.work,
                                   args.servers_nice))
    sinks = args.sinks.split(",")
    servers = Servers(args)
    cases = "ABC" if args.vigil_c else "AB"
    results = {c: [] for c in cases}
    try:
        servers.start()
        order = []
        for i in range(args.runs):
            order += list(cases) if i % 2 == 0 else list(reversed(cases))
        for k, case in enumerate(order):
            sink_args = []
            if case != "A":
                subject = "vigil.bench.r%d" % k
                urls = {
                    "webhook": "webhook+http://127.0.0.1:%d/hook" %
                    servers.receiver_port,
                    "nats": "nats://127.0.0.1:%d/%s" % (servers.nats_port,
                                                        subject),
                    "jsonl": "jsonl:" + os.path.join(args.work, "events.jsonl"),
                }
                for sink in sinks:
                    sink_args += ["--events", urls[sink]]
                before = servers.received()
            cpu_before = servers.cpu_seconds()
            scan_s, whole, cpu = run_once(
                args, template, corpus, sink_args,
                args.vigil_c if case == "C" else args.vigil)
            if case != "A":
                got = servers.received() - before
                stored = servers.stream_messages(subject.upper().replace(
                    ".", "_"))
                if "webhook" not in sinks:
                    got = args.matching
                if "nats" not in sinks:
                    stored = args.matching
                if got != args.matching or stored != args.matching:
                    sys.exit("run %d: the receiver got %d, the stream holds "
                             "%d, expected %d" % (k, got, stored,
                                                  args.matching))
            servers_cpu = servers.cpu_seconds() - cpu_before
            results[case].append((scan_s, whole, cpu, servers_cpu))
            print("run %2d %s: scan %.2f s, whole process %.2f s (%.0f "
                  "files/s); CPU: vigil %.2f s, servers %.2f s" % (
                      k, case, scan_s, whole, args.files / scan_s, cpu,
                      servers_cpu), flush=True)
    finally:
        servers.stop()
    print("# load average after: %s" % open("/proc/loadavg").read().strip())
    med = {c: [statistics.median(x[i] for x in r) for i in range(4)]
           for c, r in results.items()}
    print("| case | scan s | files/s | whole process s | CPU s: vigil, "
          "servers |")
    print("| --- | ---: | ---: | ---: | ---: |")
    names = {"A": "A: no sinks", "B": "B: " + " + ".join(sinks),
             "C": "C: " + " + ".join(sinks) + ", --vigil-c"}
    for c in cases:
        print("| %s | %.2f | %.0f | %.2f | %.2f, %.2f |" % (
            names[c], med[c][0], args.files / med[c][0], med[c][1],
            med[c][2], med[c][3]))
    scan_ratio, whole_ratio, cpu_ratio = (med["B"][i] / med["A"][i]
                                          for i in range(3))
    print("medians of %d runs each; ratio B/A: scan %.3f, whole process "
          "%.3f, vigil CPU %.3f" % (args.runs, scan_ratio, whole_ratio,
                                    cpu_ratio))
    print("target (issue #16: B within 5%% of A, scan and whole process): "
          "%s" % ("met" if max(scan_ratio, whole_ratio) <= 1.05 else
                  "not met"))
    if "C" in med:
        print("ratio C/A: scan %.3f, whole process %.3f, vigil CPU %.3f; "
              "B/C: scan %.3f, whole process %.3f, vigil CPU %.3f" % (
                  med["C"][0] / med["A"][0], med["C"][1] / med["A"][1],
                  med["C"][2] / med["A"][2], med["B"][0] / med["C"][0],
                  med["B"][1] / med["C"][1], med["B"][2] / med["C"][2]))


if __name__ == "__main__":
    main()
