"""What the out-of-runner checks (uninstall, credit note, replica) share: a
tally of named checks, running an Odoo command into a log file, waiting for a
server's port."""

import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Checks:
    """Counts and prints named checks as ``ok   <topic>: <name>`` or ``FAIL``."""

    def __init__(self, topic):
        self.topic = topic
        self.passed = self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"{'ok  ' if ok else 'FAIL'} {self.topic}: {name}{'' if ok else f' ({detail})'}", flush=True)
        return ok


def run_logged(command, log_path, stdin=None):
    """Run ``command`` from the repository root into ``log_path``: (exit code, log text)."""
    with open(log_path, "w") as log:
        code = subprocess.run(
            command, stdout=log, stderr=subprocess.STDOUT, text=True, input=stdin, cwd=ROOT
        ).returncode
    return code, Path(log_path).read_text(errors="replace")


def wait_for_port(port, process, timeout=120):
    """Whether ``process`` listens on ``port`` (127.0.0.1) within ``timeout``
    seconds; False as soon as it exits."""
    deadline = time.time() + timeout
    while time.time() < deadline and process.poll() is None:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.5)
    return False
