#!/usr/bin/env python3
"""`eoc drill run ID` (live) and `eoc drill finish ID` against a real serving eoc: the command
line starts and ends the run on the server, a committee acknowledges in between over HTTP, and
`eoc drill report` prints the scored acknowledgement from the store; refusals exit non-zero with
the server's reason.

usage: drill_cli.py --eoc BUILD/eoc --source REPO
"""
import argparse
import json
import os
import shutil
import tempfile

from crash_consistency import run_program as command
from eoc_process import EocProcess, fail


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eoc", required=True)
    parser.add_argument("--source", required=True)
    args = parser.parse_args()
    eoc_bin = os.path.abspath(args.eoc)
    work = tempfile.mkdtemp(prefix="eoc-drill-cli-")
    try:
        data_dir = os.path.join(work, "var")
        os.makedirs(data_dir)
        config = os.path.join(work, "config.json")
        json.dump({}, open(config, "w"))
        eoc = EocProcess(eoc_bin, args.source, data_dir, config)
        duty = eoc.cli("token", "create", "--role", "duty_officer", "--name", "演练控制员")
        eoc.start()
        server = "http://127.0.0.1:%d" % eoc.port

        status, reply = eoc.request("POST", "/drills", {"scenario_id": "gas-leak-rescue"}, duty)
        if status != 201:
            fail("plan: %d %s" % (status, reply[:300]))
        drill = json.loads(reply)
        drill_id = drill["id"]
        committee = drill["participants"]["committees"][0]["code"]
        clerk = eoc.cli("token", "create", "--role", "committee", "--subject", committee, "--name", "片区值班员")

        env = os.environ.copy()
        env.pop("EOC_TOKEN", None)
        missing = command(eoc_bin, "drill", "run", drill_id, "--server", server, env=env, expect_ok=False)
        if "token" not in missing.stderr:
            fail("a run without a token should say it needs one: %s" % missing.stderr)

        started = json.loads(command(eoc_bin, "drill", "run", drill_id, "--server", server, "--token", duty).stdout)
        if started.get("state") != "running" or started["run"].get("mode") != "live":
            fail("eoc drill run did not start a live run: %s" % json.dumps(started)[:300])
        again = command(eoc_bin, "drill", "run", drill_id, "--server", server, "--token", duty, expect_ok=False)
        if "409" not in again.stderr:
            fail("a second run should be refused with the server's 409: %s" % again.stderr)

        status, reply = eoc.request("POST", "/drills/%s/ack" % drill_id, {"note": "已组织疏散"}, clerk)
        if status != 200:
            fail("committee ack: %d %s" % (status, reply[:300]))

        env["EOC_TOKEN"] = duty
        finished = json.loads(command(eoc_bin, "drill", "finish", drill_id, "--server", server, env=env).stdout)
        if finished.get("state") != "finished":
            fail("eoc drill finish did not finish: %s" % json.dumps(finished)[:300])

        csv = command(eoc_bin, "drill", "report", drill_id, "--format", "csv", "--data-dir", data_dir,
                      cwd=args.source).stdout
        acks = [line.split(",") for line in csv.splitlines() if line.startswith("committee_ack,%s," % committee)]
        if len(acks) != 1 or acks[0][4] == "":
            fail("the report should score the committee's real ack: %s" % csv)

        eoc.stop()
        unreachable = command(eoc_bin, "drill", "finish", drill_id, "--server", server, "--token", duty,
                              expect_ok=False)
        if "cannot reach" not in unreachable.stderr:
            fail("a server that is down should be named: %s" % unreachable.stderr)
        print("drill_cli: live run started and finished from the command line; ack scored at %s min" % acks[0][4])
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
