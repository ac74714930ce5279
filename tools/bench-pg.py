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
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from eoc_process import EocProcess, WebhookReceiver  # noqa: E402

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


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
         "webhook": {"url": receiver.url(code)}} for code in recipients]},
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
        receiver = WebhookReceiver(keep_alive=True)
        codes = committees(args)
        config = configure(work, receiver, codes)
        officer = token(args, store, "duty_officer")
        eoc = EocProcess(args.eoc, args.source, store, config, os.path.join(work, "eoc.log"), web=False)
        eoc.start()
        latencies = []
        refused = 0
        for _ in range(args.warnings):
            status, reply = eoc.request("POST", "/warnings", warning_body(codes[:1]), officer)
            assert status == 201, reply
            wid = json.loads(reply)["id"]
            before = len(receiver.snapshot())
            t0 = time.monotonic()
            status, reply = eoc.request("POST", "/warnings/%s/issue" % wid, None, officer)
            while status == 503:  # a client honouring Retry-After; counted, and inside the latency
                refused += 1
                time.sleep(1)
                status, reply = eoc.request("POST", "/warnings/%s/issue" % wid, None, officer)
            assert status == 200, reply
            arrivals = receiver.wait_count(before + len(codes), 60)[before:]
            latencies += [(at - t0) * 1000 for at, _, _ in arrivals]
        eoc.stop(strict=False)
        print("issue -> %d webhooks on %-10s  p50 %6.1f ms  p99 %6.1f ms  (%d warnings, %d webhooks, %d issues "
              "answered 503 and retried)" % (len(codes), label, pct(latencies, 50), pct(latencies, 99), args.warnings,
                                             len(latencies), refused), flush=True)
        return pct(latencies, 99)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_throughput(args, store, instances):
    work = tempfile.mkdtemp(prefix="eoc-bench-pg-")
    try:
        receiver = WebhookReceiver(keep_alive=True)
        codes = committees(args)
        config = configure(work, receiver, [])
        officer = token(args, store, "duty_officer")
        teams = ["T%02d" % i for i in range(1, 9)]
        team_tokens = {t: token(args, store, "team", t) for t in teams}
        committee_tokens = {c: token(args, store, "committee", c) for c in codes}
        eocs = [EocProcess(args.eoc, args.source, store, config, os.path.join(work, "eoc%d.log" % i), web=False)
                for i in range(instances)]
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
            e.stop(strict=False)
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
        receiver = WebhookReceiver(keep_alive=True)
        recipients = ["R%03d" % i for i in range(200)]
        config = configure(work, receiver, recipients, {"max_in_flight": 16})
        officer = token(args, store, "duty_officer")
        a = EocProcess(args.eoc, args.source, store, config, os.path.join(work, "a.log"), web=False)
        b = EocProcess(args.eoc, args.source, store, config, os.path.join(work, "b.log"), web=False)
        a.start()
        b.start()
        status, reply = a.request("POST", "/warnings", warning_body(committees(args)[:1]), officer)
        wid = json.loads(reply)["id"]
        a.request("POST", "/warnings/%s/issue" % wid, None, officer)
        receiver.wait_count(20, 60)
        a.kill()
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
        b.stop(strict=False)
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
