#!/usr/bin/env python3
"""The data dir runs out of space while eoc takes writes (docs/design.md, "Reliability and security"): writes are refused with a
clear problem body (507 StorageFull, or 500 StorageError for other write failures), reads keep
working, nothing acknowledged is lost, the store stays intact, and writes succeed again once space
returns, without a restart.

The data dir is a small tmpfs when this process may mount one (root); otherwise the disk is
simulated by lowering eoc's RLIMIT_FSIZE to the store's current size (writes that would grow a
file fail) and raising it again. The report says which was used.

usage: disk_full.py --eoc BUILD/eoc --source REPO
"""
import argparse
import json
import os
import resource
import signal
import sqlite3
import subprocess
import tempfile
import shutil

from crash_consistency import beijing
from eoc_process import EocProcess, fail


def try_mount_tmpfs(path, size):
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s" % size, "tmpfs", path],
                          capture_output=True).returncode == 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eoc", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--simulate", action="store_true", help="use the RLIMIT_FSIZE path even as root")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="eoc-diskfull-")
    data_dir = os.path.join(work, "var")
    os.makedirs(data_dir)
    mounted = not args.simulate and try_mount_tmpfs(data_dir, "64m")
    filler = os.path.join(data_dir, "filler")
    try:
        config = os.path.join(work, "config.json")
        json.dump({"limits": {"writes_per_minute_per_token": 0}}, open(config, "w"))
        eoc = EocProcess(os.path.abspath(args.eoc), args.source, data_dir, config)
        token = eoc.cli("token", "create", "--role", "duty_officer", "--name", "王敏")
        # SIGXFSZ would kill eoc when a write passes the file size limit; ignored (and not restored
        # to the default by subprocess), write() fails with EFBIG instead.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        eoc.popen_options = {"restore_signals": False}
        eoc.start()
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)

        kept = []

        def draft(n):
            body = {"type": "rainstorm", "level": "blue", "status": "Exercise",
                    "area": {"committees": ["650103001"]}, "onset": beijing(-60),
                    "expires": beijing(3600 * 24 * 6), "description": "磁盘测试 %d " % n + "满" * 400}
            status, reply = eoc.request("POST", "/warnings", body, token)
            if status == 201:
                kept.append(json.loads(reply)["id"])
            return status, reply

        for n in range(20):
            if draft(n)[0] != 201:
                fail("write %d failed before the disk was full" % n)

        # The disk fills up.
        if mounted:
            free = os.statvfs(data_dir).f_bavail * os.statvfs(data_dir).f_frsize
            with open(filler, "wb") as f:
                try:
                    f.write(b"\0" * free)
                except OSError:
                    pass
            how = "tmpfs of 64 MiB filled to the last block"
        else:
            largest = max(os.path.getsize(os.path.join(data_dir, f)) for f in os.listdir(data_dir))
            # Only the soft limit: raising it back later needs no privilege.
            hard = resource.prlimit(eoc.process.pid, resource.RLIMIT_FSIZE)[1]
            resource.prlimit(eoc.process.pid, resource.RLIMIT_FSIZE, (largest, hard))
            how = "RLIMIT_FSIZE of eoc lowered to %d bytes (simulated full disk)" % largest
        print("disk full: " + how, flush=True)

        refusal = None
        for n in range(20, 2000):  # the WAL may have room left; keep writing until it has not
            status, reply = draft(n)
            if status == 201:
                continue
            refusal = (status, json.loads(reply or b"{}"))
            break
        if refusal is None:
            fail("2,000 writes on a full disk all succeeded: the disk was not full")
        status, problem = refusal
        if status not in (507, 500) or problem.get("code") not in ("StorageFull", "StorageError"):
            fail("a write on a full disk got %d %s, expected 507 StorageFull (or 500 StorageError)" % (status, problem))
        print("refused with %d %s: %s" % (status, problem.get("code"), problem.get("detail")), flush=True)
        # Reads still work and see every acknowledged write.
        if eoc.request("GET", "/readyz")[0] != 200:
            fail("/readyz is not 200 while the disk is full")
        for wid in kept:
            if eoc.request("GET", "/warnings/" + wid, token=token)[0] != 200:
                fail("acknowledged warning %s unreadable while the disk is full" % wid)

        # Space returns; writes succeed again without a restart.
        if mounted:
            os.remove(filler)
        else:
            resource.prlimit(eoc.process.pid, resource.RLIMIT_FSIZE, (hard, hard))
        recovered = False
        for n in range(5):
            if draft(10000 + n)[0] == 201:
                recovered = True
                break
        if not recovered:
            fail("writes still fail after space returned")
        eoc.stop()
        db = sqlite3.connect(os.path.join(data_dir, "eoc.sqlite"))
        check = db.execute("PRAGMA integrity_check").fetchall()
        db.close()
        if check != [("ok",)]:
            fail("store corrupt after the full disk: %s" % check)
        eoc.start()
        for wid in kept:
            if eoc.request("GET", "/warnings/" + wid, token=token)[0] != 200:
                fail("acknowledged warning %s lost after restart" % wid)
        eoc.stop()
        print("disk full: OK (%d acknowledged writes intact; %s)" % (len(kept), how), flush=True)
    finally:
        if mounted:
            subprocess.run(["umount", "-l", data_dir], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
