#!/usr/bin/env python3
"""Failover between two eoc instances sharing one PostgreSQL store (issue 17).

1. Instance death. Starts instances A and B on the same PostgreSQL schema (the ctest fixture
   eoc_postgres's server), 200 webhook recipients served by one loopback receiver that answers
   each POST after a short latency, issues one warning on A, and kills A with SIGKILL once the
   first deliveries have arrived — with A holding claims on deliveries in flight. B must deliver
   every remaining one: each of the 200 deliveries is `delivered` with exactly one successful
   attempt recorded, every recipient got its webhook, and a recipient that got one twice got the
   same webhook-id (a delivery A had in flight when it died, re-sent by B after A's lease
   lapsed). Then A's timers, on B: every recipient's ack deadline escalates exactly once, and the
   warning expires exactly once.
2. Database restart. A throw-away cluster of its own (tools/pg-test-cluster.sh, so the fixture's
   server shared with other tests stays up), two instances, the same 200-recipient warning; the
   server is stopped as a crash would (every connection cut) after the first deliveries: while it
   is down a write is answered 503 with Retry-After; once it is back every delivery is recorded
   delivered exactly once and every draft that was answered 201 is in the store.
3. Writers and a death. Two instances, eight writer threads split over them (drafts and duty-log
   entries, the writes of a desk); A is killed with SIGKILL in the middle. A writer whose instance
   is gone moves to the other, as a load balancer would send it. Afterwards every write that was
   answered 2xx — on A before it died, or on B — is in the store; nothing acknowledged is lost.

Everything on 127.0.0.1; waits poll a condition with a deadline.

usage: pg_failover.py --eoc BUILD/eoc --source REPO --pg-url-file FILE
"""
import argparse
import atexit
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "lib"))
from eoc_process import EocProcess, WebhookReceiver, fail, wait_for  # noqa: E402

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
RECIPIENTS = 200
LATENCY_S = 0.05  # the receiver's answer time: keeps deliveries in flight when A dies


def psql(url, sql):
    result = subprocess.run(["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        fail("psql %s: %s" % (sql, result.stderr))
    return result.stdout.strip()


def schema_url(server, schema):
    return server + ("&" if "?" in server else "?") + "options=-c%20search_path%3D" + schema + "%2Cpublic"


def setup(args, work, store, receiver, extra_broadcast):
    """recipients.json + config.json in `work`, a duty officer's token; returns (config, token, A, B)."""
    recipients = {"recipients": [
        {"code": "R%03d" % i, "kind": "unit", "name": "unit %d" % i, "all": True, "drills": True,
         "webhook": {"url": receiver.url("R%03d" % i)}} for i in range(RECIPIENTS)]}
    json.dump(recipients, open(os.path.join(work, "recipients.json"), "w"))
    # webhook_timeout_ms 2000: a claim's lease is 2 + 3 = 5 s, so B takes A's deliveries over
    # within ~6 s.
    config = {"limits": {"writes_per_minute_per_token": 0},
              "broadcast": dict({"recipients_file": os.path.join(work, "recipients.json"),
                                 "webhook_timeout_ms": 2000, "max_in_flight": 16, "retry_base_ms": 200,
                                 "retry_max_ms": 1000}, **extra_broadcast)}
    json.dump(config, open(os.path.join(work, "config.json"), "w"))
    token = subprocess.run([args.eoc, "token", "create", "--role", "duty_officer", "--name", "王敏", "--store", store],
                           cwd=args.source, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    a = EocProcess(args.eoc, args.source, store, os.path.join(work, "config.json"), os.path.join(work, "a.log"))
    b = EocProcess(args.eoc, args.source, store, os.path.join(work, "config.json"), os.path.join(work, "b.log"))
    a.start()
    b.start()
    return config, token, a, b


def issue(args, instance, token, expires_s):
    committee = json.load(open(os.path.join(args.source, "geodata", "committees.geojson")))["features"][0][
        "properties"]["code"]
    now = datetime.datetime.now(BEIJING).replace(microsecond=0)
    body = {"type": "rainstorm", "level": "orange", "status": "Exercise", "area": {"committees": [committee]},
            "onset": now.isoformat(), "expires": (now + datetime.timedelta(seconds=expires_s)).isoformat(),
            "description": "failover drill"}
    status, reply = instance.request("POST", "/warnings", body, token)
    if status != 201:
        fail("draft: %d %s" % (status, reply))
    wid = json.loads(reply)["id"]
    status, reply = instance.request("POST", "/warnings/%s/issue" % wid, None, token)
    if status != 200:
        fail("issue: %d %s" % (status, reply))
    return wid


# The warning's own webhook deliveries: written together when it was issued (an ack deadline's
# escalation re-sends later, in rows of its own; the targeted committee's in-app delivery has no URL).
def originals(wid):
    return ("SELECT id FROM deliveries WHERE warning_id = '%s' AND url IS NOT NULL AND created_ms = "
            "(SELECT min(created_ms) FROM deliveries WHERE warning_id = '%s')" % (wid, wid))


def all_delivered(db, wid):
    return psql(db, "SELECT count(*) FROM deliveries WHERE id IN (%s) AND state = 'delivered'"
                % originals(wid)) == str(RECIPIENTS)


def check_delivered_once(db, wid, receiver):
    """Every delivery delivered with one successful attempt on record; every recipient got the
    webhook, a repeat only with the same webhook-id. Returns how many arrived twice."""
    rows = psql(db, "SELECT id, recipient FROM deliveries WHERE id IN (%s)" % originals(wid)).splitlines()
    recipient_of = dict(row.split("|") for row in rows)
    if len(recipient_of) != RECIPIENTS or len(set(recipient_of.values())) != RECIPIENTS:
        fail("%d deliveries for %d recipients recorded for %d recipients"
             % (len(recipient_of), len(set(recipient_of.values())), RECIPIENTS))
    twice = psql(db, "SELECT count(*) FROM (SELECT d.id FROM deliveries d LEFT JOIN delivery_attempts a "
                     "ON a.delivery_id = d.id AND a.status BETWEEN 200 AND 299 WHERE d.id IN (%s) "
                     "GROUP BY d.id HAVING count(a.delivery_id) <> 1) x" % originals(wid))
    if twice != "0":
        fail("%s deliveries have other than exactly one successful attempt recorded" % twice)
    arrivals = [(r, i) for _, r, i in receiver.snapshot() if i in recipient_of]
    wrong = [(r, i) for r, i in arrivals if recipient_of[i] != r]
    if wrong:
        fail("webhooks reached the wrong recipient: %s" % wrong[:5])
    missing = sorted(set(recipient_of.values()) - {r for r, _ in arrivals})
    if missing:
        fail("never received the warning's webhook: %s" % missing[:10])
    return len(arrivals) - RECIPIENTS


def instance_death(args, server):
    schema = "failover_%d_%d" % (os.getpid(), random.randrange(1 << 20))
    psql(server, "CREATE SCHEMA " + schema)
    atexit.register(lambda: subprocess.run(["psql", "-X", "-q", "-d", server, "-c",
                                            "DROP SCHEMA %s CASCADE" % schema], capture_output=True))
    store = schema_url(server, schema)
    db = store  # psql takes the same URL, options included
    work = tempfile.mkdtemp(prefix="eoc-failover-")
    atexit.register(lambda: shutil.rmtree(work, ignore_errors=True))
    receiver = WebhookReceiver(LATENCY_S)
    # The expiry comes after B finished the deliveries (pending ones would expire with it), even on
    # a loaded machine with a sanitizer build.
    deadline_s, expires_s, repeat_s = 30, 90, 3600
    config, token, a, b = setup(args, work, store, receiver, {"ack_deadline_orange_seconds": deadline_s,
                                                              "escalation_repeat_seconds": repeat_s})
    wid = issue(args, a, token, expires_s)

    wait_for(lambda: len(receiver.snapshot()) >= 20, 60, "the first 20 webhooks")
    a.kill()
    killed_at = time.monotonic()
    at_kill = receiver.snapshot()
    held = int(psql(db, "SELECT count(*) FROM deliveries WHERE state = 'pending' AND claimed_by IS NOT NULL "
                        "AND lease_until_ms > (extract(epoch FROM now()) * 1000)::bigint"))
    print("A killed after %d webhooks; %d claims live at that moment" % (len(at_kill), held), flush=True)

    wait_for(lambda: all_delivered(db, wid), 120, "B to deliver all %d" % RECIPIENTS,
             lambda: psql(db, "SELECT state, claimed_by, count(*) FROM deliveries GROUP BY state, claimed_by"))
    resumed_s = time.monotonic() - killed_at
    duplicates = check_delivered_once(db, wid, receiver)
    if duplicates > config["broadcast"]["max_in_flight"]:
        fail("%d webhooks arrived twice; at most A's %d in flight may" % (duplicates, config["broadcast"]["max_in_flight"]))
    print("instance death: %d delivered, %d at the kill, %d re-sent with the same webhook-id, all done %.1f s "
          "after the kill" % (RECIPIENTS, len(at_kill), duplicates, resumed_s), flush=True)

    # A's timers, fired by B: the ack deadline of every recipient (the 200 and the targeted
    # committee's in-app screen) escalates once.
    tracks = psql(db, "SELECT count(*) FROM ack_tracks WHERE warning_id = '%s'" % wid)
    if tracks != str(RECIPIENTS + 1):
        fail("%s ack deadlines for %d recipients and the committee" % (tracks, RECIPIENTS))
    def escalated():
        return psql(db, "SELECT count(*) FROM escalations WHERE warning_id = '%s'" % wid) == tracks
    wait_for(escalated, deadline_s + 60, "the %s ack-deadline escalations" % tracks)
    # ... and the warning expires once (B armed A's expiry within its 10 s sweep).
    def expired():
        return psql(db, "SELECT state FROM warnings WHERE id = '%s'" % wid) == "expired"
    wait_for(expired, expires_s + 60, "the warning's expiry")
    per_recipient = psql(db, "SELECT count(*) FROM (SELECT recipient FROM escalations WHERE warning_id = '%s' "
                             "GROUP BY recipient HAVING count(*) <> 1) x" % wid)
    if per_recipient != "0":
        fail("%s recipients escalated other than once" % per_recipient)
    raised = psql(db, "SELECT count(*) FROM audit WHERE kind = 'escalation.raise' AND after_json LIKE '%%%s%%'" % wid)
    if raised != tracks:
        fail("%s escalation.raise audit entries for %s ack deadlines" % (raised, tracks))
    expiries = psql(db, "SELECT count(*) FROM audit WHERE kind = 'warning.expire' AND target = '%s'" % wid)
    if expiries != "1":
        fail("the warning expired %s times" % expiries)
    b.stop(strict=False)
    print("instance death: OK (%s escalations, each once; expired once)" % tracks, flush=True)


def database_restart(args):
    cluster_tool = os.path.join(args.source, "tools", "pg-test-cluster.sh")
    state = tempfile.mkdtemp(prefix="eoc-failover-pg-")
    atexit.register(lambda: (subprocess.run([cluster_tool, "stop", state], capture_output=True),
                             shutil.rmtree(state, ignore_errors=True)))
    env = dict(os.environ)
    env.pop("EOC_TEST_PG_URL", None)  # a server of its own, which this test may stop
    started = subprocess.run([cluster_tool, "start", state], capture_output=True, text=True, env=env, timeout=180)
    if started.returncode != 0:
        fail("own cluster did not start: %s" % started.stderr)
    store = started.stdout.strip().splitlines()[-1]
    work = tempfile.mkdtemp(prefix="eoc-failover-")
    atexit.register(lambda: shutil.rmtree(work, ignore_errors=True))
    receiver = WebhookReceiver(LATENCY_S)
    config, token, a, b = setup(args, work, store, receiver, {})
    committed = []  # drafts answered 201: each must be in the store at the end

    def draft(instance):
        now = datetime.datetime.now(BEIJING).replace(microsecond=0)
        body = {"type": "rainstorm", "level": "blue", "status": "Exercise", "area": {"committees": ["650103001"]},
                "onset": now.isoformat(), "expires": (now + datetime.timedelta(hours=2)).isoformat(),
                "description": "draft %d" % len(committed)}
        status, reply = instance.request("POST", "/warnings", body, token)
        if status == 201:
            committed.append(json.loads(reply)["id"])
        return status

    for instance in (a, b, a, b):
        if draft(instance) != 201:
            fail("draft before the restart refused")
    wid = issue(args, a, token, 3600)
    wait_for(lambda: len(receiver.snapshot()) >= 20, 60, "the first 20 webhooks")
    subprocess.run([cluster_tool, "down", state], check=True, capture_output=True, env=env, timeout=120)
    # Down: a write is refused with 503 and Retry-After, never accepted and lost, never a 500.
    for instance in (a, b):
        status = draft(instance)
        if status != 503 or "Retry-After" not in instance.headers:
            fail("a write while the database is down: %d %s" % (status, instance.headers))
    subprocess.run([cluster_tool, "up", state], check=True, capture_output=True, env=env, timeout=120)
    # Back: both instances serve writes again on fresh connections.
    wait_for(lambda: draft(a) == 201 and draft(b) == 201, 60, "writes after the restart")

    wait_for(lambda: all_delivered(store, wid), 120, "all %d delivered after the restart" % RECIPIENTS)
    duplicates = check_delivered_once(store, wid, receiver)
    present = psql(store, "SELECT count(*) FROM warnings WHERE id IN (%s)" % ",".join("'%s'" % i for i in committed))
    if present != str(len(committed)):
        fail("%s of the %d drafts answered 201 are in the store" % (present, len(committed)))
    for instance in (a, b):
        instance.stop(strict=False)
    print("database restart: OK (%d delivered, %d re-sent with the same webhook-id, %d acknowledged drafts all "
          "present)" % (RECIPIENTS, duplicates, len(committed)), flush=True)


WRITERS = 8
WRITES_EACH = 30


def writers_and_a_death(args, server):
    schema = "eoc_writers_%d_%d" % (os.getpid(), random.randint(0, 1 << 30))
    psql(server, "CREATE SCHEMA " + schema)
    atexit.register(lambda: subprocess.run(["psql", "-X", "-q", "-d", server, "-c",
                                            "DROP SCHEMA %s CASCADE" % schema], capture_output=True))
    store = schema_url(server, schema)
    work = tempfile.mkdtemp(prefix="eoc-writers-")
    atexit.register(lambda: shutil.rmtree(work, ignore_errors=True))
    config, token, a, b = setup(args, work, store, WebhookReceiver(LATENCY_S), {})
    lock = threading.Lock()
    drafts, entries = [], []  # ids answered 2xx
    refused = []              # (instance, status or error) of writes not acknowledged
    acknowledged = threading.Semaphore(0)

    def write(instance, n, i):
        now = datetime.datetime.now(BEIJING).replace(microsecond=0)
        if n % 2 == 0:
            body = {"type": "strong_wind", "level": "blue", "status": "Exercise", "area": {"committees": ["650103001"]},
                    "onset": now.isoformat(), "expires": (now + datetime.timedelta(hours=2)).isoformat(),
                    "description": "writer %d draft %d" % (i, n)}
            path, into = "/warnings", drafts
        else:
            body = {"kind": "call_in", "from": "writer %d" % i, "content": "writer %d entry %d" % (i, n)}
            path, into = "/duty/log", entries
        status, reply = instance.request("POST", path, body, token)
        if status == 0:
            raise ConnectionError("no answer from the instance on port %d" % instance.port)
        if 200 <= status < 300:
            with lock:
                into.append(json.loads(reply)["id"])
            acknowledged.release()
            return True
        with lock:
            refused.append((instance.port, status))
        return False

    def writer(i):
        instance = a if i % 2 == 0 else b
        for n in range(WRITES_EACH):
            try:
                write(instance, n, i)
            except (urllib.error.URLError, ConnectionError, OSError) as e:
                with lock:
                    refused.append((instance.port, str(e)))
                instance = b  # A is gone: the balancer sends this writer to B from now on

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for _ in range(WRITERS * WRITES_EACH // 4):  # a quarter of the writes acknowledged: kill A
        if not acknowledged.acquire(timeout=60):
            fail("the writers made no progress before the kill")
    a.kill()
    for t in threads:
        t.join(timeout=300)
        if t.is_alive():
            fail("a writer did not finish")
    present_drafts = psql(store, "SELECT count(*) FROM warnings WHERE id IN (%s)" % ",".join("'%s'" % x for x in drafts))
    present_entries = psql(store, "SELECT count(*) FROM duty_log WHERE id IN (%s)" % ",".join("'%s'" % x for x in entries))
    if present_drafts != str(len(drafts)) or present_entries != str(len(entries)):
        fail("acknowledged writes missing: drafts %s of %d, log entries %s of %d" % (
            present_drafts, len(drafts), present_entries, len(entries)))
    if len(drafts) + len(entries) < WRITERS * WRITES_EACH // 2:
        fail("only %d writes acknowledged of %d" % (len(drafts) + len(entries), WRITERS * WRITES_EACH))
    b.stop(strict=False)
    print("writers and a death: OK (%d drafts and %d log entries acknowledged, all present; %d writes refused or "
          "cut by the kill)" % (len(drafts), len(entries), len(refused)), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eoc", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--pg-url-file", required=True)
    args = parser.parse_args()
    server = os.environ.get("EOC_TEST_PG_URL") or open(args.pg_url_file).read().strip()
    if not server:
        fail("no PostgreSQL server: run through ctest (fixture eoc_postgres) or set EOC_TEST_PG_URL")
    instance_death(args, server)
    writers_and_a_death(args, server)
    database_restart(args)
    print("pg failover: OK", flush=True)


if __name__ == "__main__":
    main()
