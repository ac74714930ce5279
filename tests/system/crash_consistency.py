#!/usr/bin/env python3
"""Crash consistency of eoc under kill -9 (a 2xx reply means the write is on disk: docs/design.md, "The store").

Starts a real `eoc serve` on a fresh data dir, drives concurrent writes (warning drafts, issues,
committee acks, team status changes and positions), and kills the process with SIGKILL when a
randomly chosen number of writes has been answered. Before each restart the SQLite files must pass
`PRAGMA integrity_check`; after it every write that got a 2xx must be there and intact, every
warning must be whole (an issued one has its CAP message), the audit log must name each change,
and at the end the webhook deliveries and the expiry timers that were pending at the kills must
complete. Everything on 127.0.0.1; waits poll a condition with a deadline, never a fixed sleep.

usage: crash_consistency.py --eoc BUILD/eoc --source REPO [--writes 300] [--kills 3] [--seed N]
"""
import argparse
import concurrent.futures
import datetime
import glob
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "lib"))
from eoc_process import EocProcess, WebhookReceiver, fail, wait_for  # noqa: E402

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def beijing(seconds_from_now=0.0):
    t = datetime.datetime.now(BEIJING) + datetime.timedelta(seconds=seconds_from_now)
    return t.replace(microsecond=0).isoformat()


def run_program(program, *args, expect_ok=True, env=None, cwd=None, timeout=300):
    """Runs a command line; fails the test when it exits otherwise than expected."""
    result = subprocess.run([program, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout)
    if (result.returncode == 0) != expect_ok:
        fail("%s %s exited %d: %s%s" % (program, " ".join(args), result.returncode, result.stdout, result.stderr))
    return result


class Ledger:
    """Every write that got a 2xx, as the client saw it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.drafts = {}        # warning id -> body sent
        self.issued = set()
        self.acks = {}          # warning id -> set of committee codes
        self.statuses = []      # (team, status, note)
        self.positions = []     # (team, lon, lat, time)
        self.short_lived = set()  # issued warnings that expire soon (timer check)
        self.answered = 0       # every reply, 2xx or not
        self.refused = {}       # (kind, status) -> count of non-2xx answers, for the report

    def tick(self, kind="", status=200):
        with self.lock:
            self.answered += 1
            if status and not 200 <= status < 300:
                self.refused[(kind, status)] = self.refused.get((kind, status), 0) + 1


def drive_round(eoc, tokens, committees, teams, ledger, writes, rng, round_no):
    """Runs `writes` concurrent writes and kills eoc once a random share has been answered."""
    kill_after = ledger.answered + rng.randint(writes // 10, writes * 8 // 10)
    budget = threading.Semaphore(writes)
    targets = committees[:4]
    # One status change at a time per team (read status, then ask for the other one); teams
    # still change concurrently with each other and with everything else.
    team_locks = {t: threading.Lock() for t in teams}

    def spend():
        return budget.acquire(blocking=False)

    def warning_chain(i):
        short = i % 10 == 0
        body = {"type": "rainstorm", "level": ["blue", "yellow", "orange", "red"][i % 4], "status": "Exercise",
                "area": {"committees": targets[: 1 + i % len(targets)]}, "onset": beijing(-60),
                "expires": beijing(12 if short else 3600 * 24 * 6),
                "description": "crash round %d chain %d" % (round_no, i)}
        if not spend():
            return
        status, reply = eoc.request("POST", "/warnings", body, tokens["officer"])
        ledger.tick()
        if status != 201:
            return
        wid = json.loads(reply)["id"]
        with ledger.lock:
            ledger.drafts[wid] = body
        if not spend():
            return
        status, _ = eoc.request("POST", "/warnings/%s/issue" % wid, None, tokens["officer"])
        ledger.tick()
        if status != 200:
            return
        with ledger.lock:
            ledger.issued.add(wid)
            if short:
                ledger.short_lived.add(wid)
        for code in body["area"]["committees"]:
            if not spend():
                return
            status, _ = eoc.request("POST", "/warnings/%s/ack" % wid, {"note": "round %d" % round_no},
                                    tokens["committee:" + code])
            ledger.tick()
            if status == 200:
                with ledger.lock:
                    ledger.acks.setdefault(wid, set()).add(code)

    def team_chain(i):
        team = teams[i % len(teams)]
        if not spend():
            return
        note = "crash-%d-%d" % (round_no, i)
        with team_locks[team]:
            current = json.loads(eoc.request("GET", "/teams/%s" % team)[1] or b"{}").get("status", "available")
            wanted = "unavailable" if current == "available" else "available"
            status, _ = eoc.request("POST", "/teams/%s/status" % team, {"status": wanted, "note": note},
                                    tokens["team:" + team])
        ledger.tick("status", status)
        if status == 200:
            with ledger.lock:
                ledger.statuses.append((team, wanted, note))
        if not spend():
            return
        # A few metres around the team's spot: a fix far from the last one would be refused as an
        # impossible speed, which is right, but proves nothing here.
        base = 87.55 + 0.001 * (i % len(teams))
        fix = {"lon": round(base + rng.random() * 0.00003, 6), "lat": round(43.78 + rng.random() * 0.00003, 6),
               "time": beijing(-1), "accuracy": 8}
        status, _ = eoc.request("POST", "/teams/%s/position" % team, fix, tokens["team:" + team])
        ledger.tick("position", status)
        if 200 <= status < 300:
            with ledger.lock:
                ledger.positions.append((team, fix["lon"], fix["lat"]))

    with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
        futures = []
        for i in range(writes // 3):
            futures.append(pool.submit(warning_chain, i))
            futures.append(pool.submit(team_chain, i))
        wait_for(lambda: ledger.answered >= kill_after or all(f.done() for f in futures), 600,
                 "%d answered writes" % (kill_after - ledger.answered))
        eoc.kill()
        for f in futures:
            f.result()
    return kill_after


def check_store_files(data_dir):
    files = [f for f in glob.glob(os.path.join(data_dir, "**", "*"), recursive=True)
             if f.endswith((".db", ".sqlite", ".sqlite3"))]
    if not files:
        fail("no SQLite files found under " + data_dir)
    for path in files:
        connection = sqlite3.connect(path)
        result = connection.execute("PRAGMA integrity_check").fetchall()
        connection.close()
        if result != [("ok",)]:
            fail("%s: integrity_check says %s" % (path, result))


def verify(eoc, tokens, ledger):
    officer = tokens["officer"]
    for wid, body in ledger.drafts.items():
        status, reply = eoc.request("GET", "/warnings/" + wid, token=officer)
        if status != 200:
            fail("warning %s was acknowledged with 201 but is gone (%d)" % (wid, status))
        w = json.loads(reply)
        for field in ("type", "level", "status"):
            if w.get(field) != body[field]:
                fail("warning %s: %s is %r, was sent as %r" % (wid, field, w.get(field), body[field]))
        if wid in ledger.issued and w.get("state") == "draft":
            fail("warning %s was issued with 200 but is a draft again" % wid)
    # Nothing half-written: every warning the server knows is whole, issued ones with CAP.
    status, reply = eoc.request("GET", "/warnings", token=officer)
    listed = json.loads(reply)
    for w in listed.get("warnings", []):
        wid = w["id"]
        status, one = eoc.request("GET", "/warnings/" + wid, token=officer)
        if status != 200:
            fail("listed warning %s cannot be read (%d)" % (wid, status))
        if json.loads(one).get("state") in ("issued", "expired", "cancelled"):
            status, cap = eoc.request("GET", "/warnings/%s/cap.xml" % wid)
            if status != 200:
                fail("issued warning %s has no CAP message (%d)" % (wid, status))
            ET.fromstring(cap)
    for wid, codes in ledger.acks.items():
        status, reply = eoc.request("GET", "/warnings/%s/deliveries" % wid, token=officer)
        if status != 200:
            fail("deliveries of %s: %d" % (wid, status))
        acked = {r["recipient"] for r in json.loads(reply)["recipients"] if r.get("acked_at")}
        if not codes <= acked:
            fail("warning %s: acks %s answered 200 but only %s recorded" % (wid, sorted(codes), sorted(acked)))
    histories = {}
    for team, wanted, note in ledger.statuses:
        if team not in histories:
            histories[team] = json.loads(eoc.request("GET", "/teams/%s/history" % team, token=officer)[1])
        if not any(h["note"] == note and h["to"] == wanted for h in histories[team]["status_history"]):
            fail("team %s: status %s (%s) answered 200 but is not in its history" % (team, wanted, note))
    for team, lon, lat in ledger.positions[-50:]:
        if team not in histories:
            histories[team] = json.loads(eoc.request("GET", "/teams/%s/history" % team, token=officer)[1])
        if not any(abs(p.get("lon", 0) - lon) < 1e-6 and abs(p.get("lat", 0) - lat) < 1e-6
                   for p in histories[team]["track"]):
            # The track keeps the newest 100 fixes; older ones may have been rotated out.
            if len(histories[team]["track"]) < 100:
                fail("team %s: position %s,%s answered 2xx but is not in its track" % (team, lon, lat))
    # The audit log names every acknowledged draft (who, what, when).
    status, reply = eoc.request("GET", "/audit?limit=10000", token=officer)
    entries = json.loads(reply)["entries"]
    audited = {e["target"] for e in entries}
    for wid in ledger.drafts:
        if not any(wid in t for t in audited):
            fail("warning %s has no audit entry" % wid)
    for e in entries[:5]:
        if not (e.get("actor") and e.get("kind") and e.get("at")):
            fail("audit entry without who/what/when: %s" % e)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eoc", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--writes", type=int, default=300, help="writes per round")
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the data dir")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    print("crash consistency: %d rounds of %d writes, seed %d" % (args.kills, args.writes, seed), flush=True)

    work = tempfile.mkdtemp(prefix="eoc-crash-")
    try:
        data_dir = os.path.join(work, "var")
        os.makedirs(data_dir)
        committees = [f["properties"]["code"] for f in
                      json.load(open(os.path.join(args.source, "geodata", "committees.geojson")))["features"]]
        teams = [f["properties"]["id"] for f in
                 json.load(open(os.path.join(args.source, "geodata", "teams.geojson")))["features"]][:10]
        receiver = WebhookReceiver()
        recipients = {"recipients": [
            {"code": c, "kind": "committee", "name": "committee " + c, "committees": [c], "drills": True,
             "webhook": {"url": receiver.url(c),
                         "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}} for c in committees[:4]]}
        json.dump(recipients, open(os.path.join(work, "recipients.json"), "w"))
        config = {"limits": {"writes_per_minute_per_token": 0},
                  "broadcast": {"recipients_file": os.path.join(work, "recipients.json"), "retry_base_ms": 100,
                                "retry_max_ms": 1000}}
        json.dump(config, open(os.path.join(work, "config.json"), "w"))
        eoc = EocProcess(os.path.abspath(args.eoc), args.source, data_dir, os.path.join(work, "config.json"),
                         os.path.join(work, "eoc-stdout.log"))
        tokens = {"officer": eoc.cli("token", "create", "--role", "duty_officer", "--name", "王敏")}
        for c in committees[:4]:
            tokens["committee:" + c] = eoc.cli("token", "create", "--role", "committee", "--subject", c, "--name",
                                               "委员会" + c)
        for t in teams:
            tokens["team:" + t] = eoc.cli("token", "create", "--role", "team", "--subject", t, "--name", t)

        ledger = Ledger()
        for round_no in range(args.kills):
            eoc.start()
            if round_no > 0:
                verify(eoc, tokens, ledger)
            killed_at = drive_round(eoc, tokens, committees, teams, ledger, args.writes, rng, round_no)
            print("round %d: killed after %d answers; %d drafts, %d issued, %d acks, %d statuses kept so far" %
                  (round_no, killed_at, len(ledger.drafts), len(ledger.issued),
                   sum(len(v) for v in ledger.acks.values()), len(ledger.statuses)), flush=True)
            print("  refused so far (kind, status): %s" % sorted(ledger.refused.items()), flush=True)
            check_store_files(data_dir)
        eoc.start()
        verify(eoc, tokens, ledger)
        # Pending deliveries resume: every issued warning reaches each of its committees' webhooks
        # (or was acknowledged first). Short-lived ones may have expired, which ends delivery.
        for wid in ledger.issued - ledger.short_lived:
            for code in ledger.drafts[wid]["area"]["committees"]:
                last = []

                def delivered(wid=wid, code=code, last=last):
                    status, reply = eoc.request("GET", "/warnings/%s/deliveries" % wid, token=tokens["officer"])
                    rows = json.loads(reply)["recipients"] if status == 200 else []
                    last[:] = [r for r in rows if r["recipient"] == code]
                    # An ack before the webhook arrived ends the delivery: that is done, too.
                    return any(r.get("delivered_at") or r.get("acked_at") for r in last)
                wait_for(delivered, 120, "delivery of %s to %s after restart (last seen: %s)" %
                         (wid, code, last))
        if not ledger.issued or sum(receiver.count(c) for c in committees[:4]) == 0:
            fail("no warning was issued and delivered: the test proved nothing")
        # Timers resume: short-lived warnings issued before a kill expire after the restart.
        for wid in ledger.short_lived:
            wait_for(lambda wid=wid: json.loads(eoc.request("GET", "/warnings/" + wid, token=tokens["officer"])[1])
                     .get("state") == "expired", 120, "expiry of %s" % wid)
        eoc.stop()
        print("crash consistency: OK (%d drafts, %d issued, %d acks, %d team statuses, %d positions, %d expiries)" %
              (len(ledger.drafts), len(ledger.issued), sum(len(v) for v in ledger.acks.values()),
               len(ledger.statuses), len(ledger.positions), len(ledger.short_lived)), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("data kept in " + work)


if __name__ == "__main__":
    main()
