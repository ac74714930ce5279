#!/usr/bin/env python3
"""PostgreSQL store benchmarks (issue 17), printed in one run; run through tools/bench-pg.sh.

1. issue -> webhooks: 18 webhook recipients (one per committee of the district), a loopback
   receiver; N exercise warnings issued one after another; per webhook, the time from the issue
   request leaving the client to the webhook arriving. p50 / p99 on SQLite and on PostgreSQL.
2. write throughput: 8 concurrent writers for S seconds, each cycling a draft warning, a team
   position report and an acknowledgement (of warnings issued beforehand), all against one
   instance on PostgreSQL, then split over two instances on the same database.
3. failover: two instances, a warning to 200 webhook recipients issued on A; kill -9 of A after
   the first 20 webhooks; time until B has recorded every delivery delivered (A's claims lapse
   with their lease: webhook_timeout_ms + 3 s, 8 s by default).

usage: bench-pg.py --eoc BIN --source REPO --pg-url URL [--warnings N] [--seconds S]
"""
import argparse
import datetime
import http.server
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


class Receiver:
    def __init__(self):
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.arrivals = []  # (monotonic time, recipient, webhook-id)
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.changed:
                    receiver.arrivals.append((time.monotonic(), self.path.rsplit("/", 1)[-1],
                                              self.headers.get("webhook-id")))
                    receiver.changed.notify_all()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_count(self, n, timeout):
        end = time.monotonic() + timeout
        with self.changed:
            while len(self.arrivals) < n:
                left = end - time.monotonic()
                if left <= 0:
                    raise SystemExit("bench-pg: timed out waiting for %d webhooks (%d arrived)" % (n, len(self.arrivals)))
                self.changed.wait(left)
            return list(self.arrivals)


class Eoc:
    def __init__(self, binary, source, store, config, log):
        self.binary, self.source, self.store, self.config = binary, source, store, config
        self.log = open(log, "ab")
        self.process = None
        self.port = None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "serve", "--config", self.config, "--listen", "127.0.0.1:0", "--store", self.store,
             "--plans", os.path.join(self.source, "plans"), "--geodata", os.path.join(self.source, "geodata")],
            cwd=self.source, stdout=self.log, stderr=subprocess.PIPE, text=True)
        for line in self.process.stderr:
            if "ready on http://127.0.0.1:" in line:
                self.port = int(line.split("ready on http://127.0.0.1:")[1].split("/")[0])
                break
        else:
            raise SystemExit("bench-pg: eoc exited before it was ready")
        threading.Thread(target=lambda: [None for _ in self.process.stderr], daemon=True).start()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)

    def request(self, method, path, body=None, token=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(req, timeout=30) as res:
                return res.status, res.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()


def token(args, store, role, subject=None):
    cmd = [args.eoc, "token", "create", "--role", role, "--name", "bench " + role, "--store", store]
    if subject:
        cmd += ["--subject", subject]
    return subprocess.run(cmd, cwd=args.source, check=True, capture_output=True,
                          text=True).stdout.strip().splitlines()[-1]


def committees(args):
    features = json.load(open(os.path.join(args.source, "geodata", "committees.geojson")))["features"]
    return [f["properties"]["code"] for f in features]


def warning_body(codes, level="orange", hours=6):
    now = datetime.datetime.now(BEIJING).replace(microsecond=0)
    return {"type": "rainstorm", "level": level, "status": "Exercise", "area": {"committees": codes},
            "onset": now.isoformat(), "expires": (now + datetime.timedelta(hours=hours)).isoformat(),
            "description": "benchmark"}


def configure(work, receiver, recipients, extra=None):
    json.dump({"recipients": [
        {"code": code, "kind": "unit", "name": code, "all": True, "drills": True,
         "webhook": {"url": "http://127.0.0.1:%d/hook/%s" % (receiver.port, code)}} for code in recipients]},
        open(os.path.join(work, "recipients.json"), "w"))
    broadcast = {"recipients_file": os.path.join(work, "recipients.json")}
    broadcast.update(extra or {})
    json.dump({"limits": {"writes_per_minute_per_token": 0}, "broadcast": broadcast},
              open(os.path.join(work, "config.json"), "w"))
    return os.path.join(work, "config.json")


def fresh_schema(server, name):
    subprocess.run(["psql", "-X", "-q", "-d", server, "-c", "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s"
                    % (name, name)], check=True, capture_output=True)
    return server + ("&" if "?" in server else "?") + "options=-c%20search_path%3D" + name + "%2Cpublic"


def issue_latency(args, store, label):
    work = tempfile.mkdtemp(prefix="eoc-bench-pg-")
    try:
        receiver = Receiver()
        codes = committees(args)
        config = configure(work, receiver, codes)
        officer = token(args, store, "duty_officer")
        eoc = Eoc(args.eoc, args.source, store, config, os.path.join(work, "eoc.log"))
        eoc.start()
        latencies = []
        refused = 0
        for _ in range(args.warnings):
            status, reply = eoc.request("POST", "/warnings", warning_body(codes[:1]), officer)
            assert status == 201, reply
            wid = json.loads(reply)["id"]
            before = len(receiver.arrivals)
            t0 = time.monotonic()
            status, reply = eoc.request("POST", "/warnings/%s/issue" % wid, None, officer)
            while status == 503:  # a client honouring Retry-After; counted, and inside the latency
                refused += 1
                time.sleep(1)
                status, reply = eoc.request("POST", "/warnings/%s/issue" % wid, None, officer)
            assert status == 200, reply
            arrivals = receiver.wait_count(before + len(codes), 60)[before:]
            latencies += [(at - t0) * 1000 for at, _, _ in arrivals]
        eoc.stop()
        print("issue -> %d webhooks on %-10s  p50 %6.1f ms  p99 %6.1f ms  (%d warnings, %d webhooks, %d issues "
              "answered 503 and retried)" % (len(codes), label, pct(latencies, 50), pct(latencies, 99), args.warnings,
                                             len(latencies), refused), flush=True)
        return pct(latencies, 99)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_throughput(args, store, instances):
    work = tempfile.mkdtemp(prefix="eoc-bench-pg-")
    try:
        receiver = Receiver()
        codes = committees(args)
        config = configure(work, receiver, [])
        officer = token(args, store, "duty_officer")
        teams = ["T%02d" % i for i in range(1, 9)]
        team_tokens = {t: token(args, store, "team", t) for t in teams}
        committee_tokens = {c: token(args, store, "committee", c) for c in codes}
        eocs = [Eoc(args.eoc, args.source, store, config, os.path.join(work, "eoc%d.log" % i)) for i in range(instances)]
        for e in eocs:
            e.start()
        # Warnings to acknowledge: each (warning, committee) pair is one write, taken once.
        acks = []
        for _ in range(40):
            status, reply = eocs[0].request("POST", "/warnings", warning_body(codes), officer)
            wid = json.loads(reply)["id"]
            eocs[0].request("POST", "/warnings/%s/issue" % wid, None, officer)
            acks += [(wid, c) for c in codes]
        lock = threading.Lock()
        counts = {"draft": 0, "position": 0, "ack": 0, "failed": 0}
        end = time.monotonic() + args.seconds

        def writer(n):
            eoc = eocs[n % instances]
            team = teams[n]
            i = 0
            while time.monotonic() < end:
                kind = ("draft", "position", "ack")[i % 3]
                i += 1
                if kind == "draft":
                    status, _ = eoc.request("POST", "/warnings", warning_body(codes[:1], "blue"), officer)
                    ok = status == 201
                elif kind == "position":
                    status, _ = eoc.request("POST", "/teams/%s/position" % team,
                                            {"lon": 87.58 + i * 1e-5, "lat": 43.79}, team_tokens[team])
                    ok = status == 200
                else:
                    with lock:
                        pair = acks.pop() if acks else None
                    if pair is None:
                        continue
                    status, _ = eoc.request("POST", "/warnings/%s/ack" % pair[0], {"note": "bench"},
                                            committee_tokens[pair[1]])
                    ok = status == 200
                with lock:
                    counts[kind if ok else "failed"] += 1

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for e in eocs:
            e.stop()
        total = counts["draft"] + counts["position"] + counts["ack"]
        print("writes, 8 writers, %d instance%s on PostgreSQL: %7.1f writes/s  (%d drafts, %d positions, %d acks, "
              "%d refused, %d s)" % (instances, "s" if instances > 1 else " ", total / args.seconds, counts["draft"],
                                     counts["position"], counts["ack"], counts["failed"], args.seconds), flush=True)
        return total / args.seconds
    finally:
        shutil.rmtree(work, ignore_errors=True)


def failover(args, store):
    work = tempfile.mkdtemp(prefix="eoc-bench-pg-")
    try:
        receiver = Receiver()
        recipients = ["R%03d" % i for i in range(200)]
        config = configure(work, receiver, recipients, {"max_in_flight": 16})
        officer = token(args, store, "duty_officer")
        a = Eoc(args.eoc, args.source, store, config, os.path.join(work, "a.log"))
        b = Eoc(args.eoc, args.source, store, config, os.path.join(work, "b.log"))
        a.start()
        b.start()
        status, reply = a.request("POST", "/warnings", warning_body(committees(args)[:1]), officer)
        wid = json.loads(reply)["id"]
        a.request("POST", "/warnings/%s/issue" % wid, None, officer)
        receiver.wait_count(20, 60)
        a.process.send_signal(signal.SIGKILL)
        a.process.wait()
        killed = time.monotonic()
        held = subprocess.run(["psql", "-X", "-A", "-t", "-d", store, "-c",
                               "SELECT count(*) FROM deliveries WHERE warning_id = '%s' AND state = 'pending' AND "
                               "claimed_by IS NOT NULL" % wid], capture_output=True, text=True).stdout.strip()
        while True:
            done = subprocess.run(["psql", "-X", "-A", "-t", "-d", store, "-c",
                                   "SELECT count(*) FROM deliveries WHERE warning_id = '%s' AND state = 'delivered' "
                                   "AND url IS NOT NULL" % wid], capture_output=True, text=True).stdout.strip()
            if done == "200":
                break
            if time.monotonic() - killed > 120:
                raise SystemExit("bench-pg: B did not finish within 120 s")
            time.sleep(0.05)  # polling interval of the measurement
        took = time.monotonic() - killed
        b.stop()
        print("failover: kill -9 of A -> B has delivered A's pending deliveries: %.1f s  (%s claims held by A at "
              "the kill; lease = webhook_timeout_ms 5000 + 3000 ms)" % (took, held), flush=True)
        return took
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eoc", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--pg-url", required=True)
    parser.add_argument("--warnings", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--parts", default="issue,writes,failover")
    args = parser.parse_args()
    parts = args.parts.split(",")
    print("bench-pg: %s, load %s, eoc %s" % (datetime.datetime.now(BEIJING).isoformat(timespec="minutes"),
                                              " ".join("%.1f" % x for x in os.getloadavg()), args.eoc), flush=True)
    if "issue" in parts:
        sqlite_dir = tempfile.mkdtemp(prefix="eoc-bench-sqlite-")
        try:
            p99_sqlite = issue_latency(args, sqlite_dir, "SQLite")
        finally:
            shutil.rmtree(sqlite_dir, ignore_errors=True)
        p99_pg = issue_latency(args, fresh_schema(args.pg_url, "bench_issue"), "PostgreSQL")
        print("  PostgreSQL / SQLite p99: %.2fx (target <= 2x)" % (p99_pg / p99_sqlite), flush=True)
    if "writes" in parts:
        one = write_throughput(args, fresh_schema(args.pg_url, "bench_w1"), 1)
        two = write_throughput(args, fresh_schema(args.pg_url, "bench_w2"), 2)
        print("  two instances / one: %.2fx" % (two / one), flush=True)
    if "failover" in parts:
        took = failover(args, fresh_schema(args.pg_url, "bench_failover"))
        print("  failover target < 10 s: %s" % ("met" if took < 10 else "NOT met"), flush=True)


if __name__ == "__main__":
    main()
