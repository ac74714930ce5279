"""eoc as a child process, and a webhook receiver, for the Python system tests and benchmarks
(tests/system/crash_consistency.py, tests/system/pg_failover.py, tools/bench-pg.py).

One place for what each of them needs: start `eoc serve` on a free port and read back the port it
printed once it was ready, talk HTTP to it, stop it (SIGTERM) or kill it (kill -9), and never
leave one behind when a check fails; and a receiver that records every webhook that arrives.
Failures end the calling script with "FAIL: ..." and status 1.
"""
import atexit
import http.client
import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def wait_for(condition, deadline_s, what, explain=None):
    """Polls condition() until it returns a truthy value (returned) or the deadline passes."""
    end = time.monotonic() + deadline_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            fail("timed out after %ds waiting for %s%s" % (deadline_s, what, "; " + explain() if explain else ""))
        time.sleep(0.05)  # polling interval of a bounded wait, not a synchronisation sleep


class EocProcess:
    """`eoc serve` on 127.0.0.1 and a free port, on a store: `store` is a data directory (the
    embedded SQLite store) or a postgresql:// URL."""

    def __init__(self, binary, source, store, config_file, log_file=None, web=True):
        """log_file: eoc's standard output; by default eoc-stdout.log beside the data directory."""
        self.binary, self.source, self.store, self.config_file = binary, source, store, config_file
        self.web = web
        self.log = open(log_file or os.path.join(store, "..", "eoc-stdout.log"), "ab")
        self.process = None
        self.port = None
        self.headers = {}  # of the last answer
        self.popen_options = {}  # e.g. restore_signals=False to pass an ignored SIGXFSZ on
        atexit.register(self.reap)  # a failing check exits; never leave an eoc behind

    def store_args(self):
        return ["--store", self.store] if "://" in self.store else ["--data-dir", self.store]

    def cli(self, *args):
        """Runs `eoc <args>` on the same store; answers the last line it printed."""
        return subprocess.run([self.binary, *args, *self.store_args()], cwd=self.source, check=True,
                              capture_output=True, text=True).stdout.strip().splitlines()[-1]

    def start(self):
        command = [self.binary, "serve", "--config", self.config_file, "--listen", "127.0.0.1:0", *self.store_args(),
                   "--plans", os.path.join(self.source, "plans"), "--geodata", os.path.join(self.source, "geodata")]
        if self.web:
            command += ["--web", os.path.join(self.source, "web", "dist")]
        self.process = subprocess.Popen(command, cwd=self.source, stdout=self.log, stderr=subprocess.PIPE, text=True,
                                        **self.popen_options)
        # eoc binds only after everything is loaded, and prints the bound port then.
        for line in self.process.stderr:
            found = re.search(r"ready on http://127\.0\.0\.1:(\d+)/", line)
            if found:
                self.port = int(found.group(1))
                break
        else:
            fail("eoc exited before it was ready (status %s)" % self.process.wait())
        threading.Thread(target=lambda: [None for _ in self.process.stderr], daemon=True).start()
        wait_for(lambda: self.request("GET", "/readyz")[0] == 200, 60, "/readyz")

    def running(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        """kill -9: no shutdown of any kind."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self, strict=True):
        """SIGTERM and wait; strict: fail unless eoc exits 0."""
        if not self.running():
            return
        self.process.send_signal(signal.SIGTERM)
        if self.process.wait(timeout=60) != 0 and strict:
            fail("eoc exited with %d on SIGTERM" % self.process.returncode)

    def reap(self):
        if self.running():
            self.process.kill()
            self.process.wait()

    def request(self, method, path, body=None, token=None, timeout=30):
        """(status, body bytes); status 0 when no complete answer came (eoc killed meanwhile)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:
                self.headers = dict(res.headers)
                return res.status, res.read()
        except urllib.error.HTTPError as e:
            self.headers = dict(e.headers)
            try:
                return e.code, e.read()
            except (OSError, http.client.HTTPException):
                return 0, b""
        except (OSError, urllib.error.URLError, http.client.HTTPException):
            self.headers = {}
            return 0, b""


class WebhookReceiver:
    """Every recipient's webhook on one local server: each POST to /.../<recipient> is recorded as
    (monotonic arrival time, recipient, webhook-id) and answered 200 after `latency_s` (the
    receiver's answer time, which keeps deliveries in flight; not a wait for anything). keep_alive:
    HTTP/1.1 persistent connections; otherwise HTTP/1.0, a connection per POST."""

    def __init__(self, latency_s=0.0, keep_alive=False):
        self.changed = threading.Condition()
        self.arrivals = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.changed:
                    receiver.arrivals.append((time.monotonic(), self.path.rsplit("/", 1)[-1],
                                              self.headers.get("webhook-id")))
                    receiver.changed.notify_all()
                if latency_s:
                    time.sleep(latency_s)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                # A sender killed mid-request (the failover checks kill -9 an instance) resets its
                # connections: expected, not worth a traceback.
                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, recipient):
        return "http://127.0.0.1:%d/hook/%s" % (self.port, recipient)

    def snapshot(self):
        with self.changed:
            return list(self.arrivals)

    def count(self, recipient):
        """Distinct webhook-ids that reached `recipient` (a re-send of one message counts once)."""
        with self.changed:
            return len({wid for _, r, wid in self.arrivals if r == recipient})

    def wait_count(self, n, timeout):
        """Waits until n POSTs have arrived; answers them all."""
        end = time.monotonic() + timeout
        with self.changed:
            while len(self.arrivals) < n:
                left = end - time.monotonic()
                if left <= 0:
                    fail("timed out waiting for %d webhooks (%d arrived)" % (n, len(self.arrivals)))
                self.changed.wait(left)
            return list(self.arrivals)
