#!/usr/bin/env python3
"""tools/backup.sh and tools/restore.sh against a real eoc: a backup taken while eoc serves and
writes holds every write answered before it and none after; restore refuses a tampered backup and
a store in use; the restored store serves the backed-up state.

usage: backup_restore.py --eoc BUILD/eoc --source REPO
"""
import argparse
import json
import os
import shutil
import tempfile

from crash_consistency import beijing, run_program as run
from eoc_process import EocProcess, fail


def draft(eoc, token, note):
    body = {"type": "rainstorm", "level": "blue", "status": "Exercise", "area": {"committees": ["650103001"]},
            "onset": beijing(-60), "expires": beijing(3600 * 24 * 6), "description": note}
    status, reply = eoc.request("POST", "/warnings", body, token)
    if status != 201:
        fail("draft %s: %d %s" % (note, status, reply[:200]))
    return json.loads(reply)["id"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eoc", required=True)
    parser.add_argument("--source", required=True)
    args = parser.parse_args()
    backup_sh = os.path.join(args.source, "tools", "backup.sh")
    restore_sh = os.path.join(args.source, "tools", "restore.sh")
    work = tempfile.mkdtemp(prefix="eoc-backup-")
    try:
        data_dir = os.path.join(work, "var")
        os.makedirs(data_dir)
        config = os.path.join(work, "config.json")
        json.dump({}, open(config, "w"))
        eoc = EocProcess(os.path.abspath(args.eoc), args.source, data_dir, config)
        token = eoc.cli("token", "create", "--role", "duty_officer", "--name", "王敏")
        eoc.start()
        before = [draft(eoc, token, "before backup %d" % i) for i in range(20)]
        backup = os.path.join(work, "backups", "eoc.sqlite")
        run(backup_sh, data_dir, backup)  # online: eoc is still running
        after = draft(eoc, token, "after backup")
        if not os.path.exists(backup + ".sha256"):
            fail("backup wrote no checksum file")

        # A store in use is never overwritten.
        run(restore_sh, backup, data_dir, expect_ok=False)
        eoc.stop()

        # A tampered backup is refused before anything is touched.
        tampered = os.path.join(work, "tampered", "eoc.sqlite")
        os.makedirs(os.path.dirname(tampered))
        shutil.copy(backup, tampered)
        shutil.copy(backup + ".sha256", tampered + ".sha256")
        with open(tampered, "r+b") as f:
            f.seek(os.path.getsize(tampered) // 2)
            f.write(b"\x00garbage\x00")
        run(restore_sh, tampered, data_dir, expect_ok=False)

        # Restore into the used data dir: the old store is kept aside, the backup becomes the store.
        run(restore_sh, backup, data_dir)
        kept = [f for f in os.listdir(data_dir) if f.startswith("eoc.sqlite.before-restore-")]
        if len(kept) != 1:
            fail("the previous store was not kept aside: %s" % os.listdir(data_dir))
        eoc.start()
        for wid in before:
            status, reply = eoc.request("GET", "/warnings/" + wid, token=token)
            if status != 200:
                fail("warning %s written before the backup is missing after restore (%d)" % (wid, status))
        status, _ = eoc.request("GET", "/warnings/" + after, token=token)
        if status != 404:
            fail("warning %s written after the backup is present after restore (%d)" % (after, status))
        draft(eoc, token, "after restore")  # the restored store takes writes
        eoc.stop()
        print("backup and restore: OK (%d warnings restored)" % len(before))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
