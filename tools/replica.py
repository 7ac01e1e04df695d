#!/usr/bin/env python3
"""Start or stop a local streaming read replica of the PostgreSQL server.

A second PostgreSQL cluster, of the primary's major version, in a
directory of its own, copied from the primary with ``pg_basebackup -R``
(a physical replication slot keeps the WAL it still needs) and kept up to
date by streaming replication: Odoo uses it with
``--db_replica_host=127.0.0.1 --db_replica_port=PORT``.

    tools/replica.py start [--port 5433] [--dir /tmp/cs_replica_5433]
    tools/replica.py status [--port 5433]
    tools/replica.py stop  [--port 5433]   (also what a killed check left behind)

What it changes on the primary, and ``stop`` takes back:

* a replication slot ``cs_replica_<port>``;
* when the primary refuses replication connections from this role over
  127.0.0.1, one line of ``pg_hba.conf`` (``host replication <role>
  127.0.0.1/32 trust``, marked with a comment), and a configuration reload
  (``pg_reload_conf()``, not a restart).

The primary must already allow streaming replication (``wal_level`` replica
or logical, a free WAL sender and slot): those settings need a restart of
the primary, which this tool never does. The replica runs as the ``postgres``
system user when started by root (PostgreSQL refuses to run as root).
"""

import argparse
import getpass
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import closing, contextmanager
from pathlib import Path

import psycopg2
from psycopg2.extras import PhysicalReplicationConnection

DEFAULT_PORT = 5433
SLOT_PREFIX = "cs_replica_"
HBA_MARK = "# customer_success_sla tools/replica.py"
# a hot standby needs at least the primary's value of these settings
STANDBY_MINIMUMS = ("max_connections", "max_worker_processes", "max_wal_senders",
                    "max_prepared_transactions", "max_locks_per_transaction")


class ReplicaUnavailable(Exception):
    """This machine cannot run a replica (missing binaries, primary settings)."""


def default_dir(port):
    return Path(tempfile.gettempdir()) / f"cs_replica_{port}"


def primary_params():
    """How this tool reaches the primary: libpq's environment, over TCP."""
    return {
        "host": os.environ.get("PGHOST_PRIMARY", "127.0.0.1"),
        "port": int(os.environ.get("PGPORT", "5432")),
        "user": os.environ.get("PGUSER") or getpass.getuser(),
        "dbname": "postgres",
    }


def connect(**params):
    connection = psycopg2.connect(**params)
    connection.autocommit = True
    return connection


def query(connection, sql, args=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall() if cursor.description else None


def _run_as_owner():
    """The command prefix that runs a PostgreSQL binary as a user it accepts."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError as error:
        raise ReplicaUnavailable("running as root and there is no 'postgres' system user to run the replica") \
            from error
    if not shutil.which("runuser"):
        raise ReplicaUnavailable("running as root and `runuser` (util-linux) is missing")
    return ["runuser", "-u", "postgres", "--"]


def server_bindir(major):
    """The directory of PostgreSQL's server binaries of version ``major``."""
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin"), Path(f"/usr/pgsql-{major}/bin")]
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip()
        version = subprocess.run([pg_config, "--version"], capture_output=True, text=True).stdout.split()
        if found and len(version) > 1 and version[1].split(".")[0] == str(major):
            candidates.append(Path(found))
    for directory in candidates:
        if all((directory / binary).exists() for binary in ("pg_basebackup", "pg_ctl", "postgres")):
            return directory
    raise ReplicaUnavailable(
        f"PostgreSQL {major}'s server binaries (pg_basebackup, pg_ctl, postgres) are not installed: "
        f"apt-get install postgresql-{major} (or `make deps` as root)")


def _port_free(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _replication_allowed(params):
    try:
        with closing(psycopg2.connect(connection_factory=PhysicalReplicationConnection,
                                      **{**params, "dbname": "replication"})) as connection:
            with connection.cursor() as cursor:
                cursor.execute("IDENTIFY_SYSTEM")
                return True, ""
    except psycopg2.OperationalError as error:
        return False, str(error).strip()


def _allow_replication(primary, params, token):
    """Let this role open replication connections over 127.0.0.1; the line
    added (or None when none was needed)."""
    allowed, error = _replication_allowed(params)
    if allowed:
        return None
    hba_file = Path(query(primary, "SHOW hba_file")[0][0])
    line = f'host replication "{params["user"]}" 127.0.0.1/32 trust {HBA_MARK} {token}'
    try:
        with open(hba_file, "a+") as hba:
            hba.seek(0)
            ends_with_newline = hba.read().endswith("\n")
            hba.write(("" if ends_with_newline else "\n") + line + "\n")
    except OSError as write_error:
        raise ReplicaUnavailable(
            f"the primary refuses replication connections ({error}) and {hba_file} is not writable "
            f"({write_error}): add `host replication {params['user']} 127.0.0.1/32 trust` and reload") \
            from write_error
    query(primary, "SELECT pg_reload_conf()")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        allowed, error = _replication_allowed(params)
        if allowed:
            return line
        time.sleep(0.2)
    _remove_hba_line(primary, line)
    raise ReplicaUnavailable(f"replication connections still refused after adding to {hba_file}: {error}")


def _remove_hba_line(primary, line):
    hba_file = Path(query(primary, "SHOW hba_file")[0][0])
    with open(hba_file, "r+") as hba:
        kept = "".join(row for row in hba.readlines() if row.rstrip("\n") != line)
        hba.seek(0)
        hba.write(kept)
        hba.truncate()
    query(primary, "SELECT pg_reload_conf()")


def _check_primary(primary, slot):
    settings = dict(query(primary, "SELECT name, setting FROM pg_settings WHERE name IN %s",
                          (("wal_level", "max_wal_senders", "max_replication_slots", *STANDBY_MINIMUMS),)))
    if settings["wal_level"] not in ("replica", "logical"):
        raise ReplicaUnavailable(f"the primary's wal_level is {settings['wal_level']} (replica needed; "
                                 "changing it restarts the primary, which this tool does not do)")
    senders = query(primary, "SELECT count(*) FROM pg_stat_replication")[0][0]
    if int(settings["max_wal_senders"]) - senders < 2:  # the base backup and the stream
        raise ReplicaUnavailable(f"the primary has no free WAL sender (max_wal_senders "
                                 f"{settings['max_wal_senders']}, {senders} in use)")
    # a slot of a replica of this port that is not running any more keeps WAL for nothing
    query(primary, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                   "WHERE slot_name = %s AND NOT active", (slot,))
    used = query(primary, "SELECT count(*) FROM pg_replication_slots")[0][0]
    if used >= int(settings["max_replication_slots"]):
        raise ReplicaUnavailable("the primary has no free replication slot")
    return settings


def _write_config(data, port, socket_dir, settings):
    minimums = "\n".join(f"{name} = {settings[name]}" for name in STANDBY_MINIMUMS)
    (data / "postgresql.conf").write_text(f"""# written by tools/replica.py
port = {port}
listen_addresses = '127.0.0.1'
unix_socket_directories = '{socket_dir}'
hot_standby = on
hot_standby_feedback = on
shared_buffers = 32MB
fsync = off
logging_collector = off
{minimums}
""")
    (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    (data / "pg_ident.conf").write_text("")


def _state_file(directory):
    return Path(directory) / "state.json"


def wait_streaming(port, timeout=60):
    """Wait until the replica on ``port`` receives WAL by streaming."""
    deadline = time.monotonic() + timeout
    status = None
    while time.monotonic() < deadline:
        try:
            with closing(connect(host="127.0.0.1", port=port, user=primary_params()["user"],
                                 dbname="postgres")) as replica:
                status = query(replica, "SELECT status FROM pg_stat_wal_receiver")
                if status and status[0][0] == "streaming":
                    return True
        except psycopg2.OperationalError as error:
            status = str(error)
        time.sleep(0.3)
    raise RuntimeError(f"the replica on port {port} is not streaming after {timeout}s ({status})")


def wait_replayed(port, timeout=60):
    """Wait until the replica on ``port`` has replayed the primary's WAL
    written so far (what was committed before this call)."""
    with closing(connect(**primary_params())) as primary:
        target = query(primary, "SELECT pg_current_wal_lsn()")[0][0]
    with closing(connect(host="127.0.0.1", port=port, user=primary_params()["user"], dbname="postgres")) as replica:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if query(replica, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,))[0][0]:
                return
            time.sleep(0.1)
    raise RuntimeError(f"the replica on port {port} did not replay up to {target} in {timeout}s")


def start(port=DEFAULT_PORT, directory=None, log=print):
    """Start a streaming replica of the primary on ``port``; returns its
    directory. Raises ReplicaUnavailable when this machine cannot run one."""
    directory = Path(directory or default_dir(port))
    params = primary_params()
    try:
        primary = connect(**params)
    except psycopg2.OperationalError as error:
        raise ReplicaUnavailable(f"cannot connect to the primary ({error})") from error
    with closing(primary):
        major = query(primary, "SHOW server_version_num")[0][0][:-4]
        bindir = server_bindir(major)
        as_owner = _run_as_owner()
        if _state_file(directory).exists():
            raise RuntimeError(f"a replica is already set up in {directory}: stop it first")
        if not _port_free(port):
            raise RuntimeError(f"port {port} is in use")
        slot = f"{SLOT_PREFIX}{port}"
        settings = _check_primary(primary, slot)
        token = f"port={port}"
        hba_line = _allow_replication(primary, params, token)
        state = {"port": port, "slot": slot, "hba_line": hba_line, "bindir": str(bindir),
                 "as_owner": as_owner, "primary": params}
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        _state_file(directory).write_text(json.dumps(state))
        try:
            data, socket_dir = directory / "data", directory / "socket"
            socket_dir.mkdir(exist_ok=True)
            if as_owner:
                owner = pwd.getpwnam("postgres")
                for path in (directory, socket_dir):
                    os.chown(path, owner.pw_uid, owner.pw_gid)
            log(f"replica: base backup of the primary ({params['host']}:{params['port']}) into {data}")
            backup = subprocess.run([
                *as_owner, str(bindir / "pg_basebackup"), "-h", params["host"], "-p", str(params["port"]),
                "-U", params["user"], "-D", str(data), "-X", "stream", "-R", "-C", "-S", slot,
                "--checkpoint=fast", "--no-sync",
            ], capture_output=True, text=True)
            if backup.returncode:
                raise RuntimeError(f"pg_basebackup failed: {backup.stderr.strip()}")
            _write_config(data, port, socket_dir, settings)
            if as_owner:
                for path in (data / "postgresql.conf", data / "pg_hba.conf", data / "pg_ident.conf"):
                    os.chown(path, owner.pw_uid, owner.pw_gid)
            started = subprocess.run([
                *as_owner, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(directory / "replica.log"),
                "-w", "-t", "120", "start",
            ], capture_output=True, text=True)
            if started.returncode:
                log_text = (directory / "replica.log").read_text(errors="replace")[-2000:] \
                    if (directory / "replica.log").exists() else ""
                raise RuntimeError(f"the replica did not start: {started.stdout.strip()} {log_text}")
            wait_streaming(port)
        except BaseException:
            stop(port, directory, log=log)
            raise
    log(f"replica: streaming on 127.0.0.1:{port} (slot {slot}); "
        f"Odoo: --db_replica_host=127.0.0.1 --db_replica_port={port}")
    return directory


def leftovers(port):
    """The directories of replicas of ``port`` that a killed run left behind
    (tools/check_replica.py makes them as <tmp>/cs_replica_<port>_*)."""
    return sorted(path.parent for path in Path(tempfile.gettempdir()).glob(f"cs_replica_{port}_*/state.json"))


def stop(port=DEFAULT_PORT, directory=None, log=print):
    """Stop the replica, drop its slot, take back the pg_hba.conf line it
    added, delete its directory. Does nothing when none is set up there.
    Without ``directory``: the default one, and those a killed run left."""
    if directory is None:
        for path in [default_dir(port), *leftovers(port)]:
            if _state_file(path).exists():
                stop(port, path, log=log)
        return
    directory = Path(directory)
    state_path = _state_file(directory)
    if not state_path.exists():
        log(f"replica: none set up in {directory}")
        return
    state = json.loads(state_path.read_text())
    data = directory / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run([*state["as_owner"], str(Path(state["bindir"]) / "pg_ctl"), "-D", str(data),
                        "-m", "fast", "-w", "-t", "60", "stop"], capture_output=True, text=True)
    with closing(connect(**state["primary"])) as primary:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and query(
                primary, "SELECT 1 FROM pg_replication_slots WHERE slot_name = %s AND active", (state["slot"],)):
            time.sleep(0.2)
        query(primary, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                       "WHERE slot_name = %s", (state["slot"],))
        if state.get("hba_line"):
            _remove_hba_line(primary, state["hba_line"])
    shutil.rmtree(directory, ignore_errors=True)
    log(f"replica: stopped, slot {state['slot']} dropped, {directory} deleted"
        + (", pg_hba.conf line removed" if state.get("hba_line") else ""))


@contextmanager
def running(port=DEFAULT_PORT, directory=None, log=print):
    """A replica for the duration of the ``with`` block, stopped and deleted after."""
    directory = Path(directory or tempfile.mkdtemp(prefix=f"cs_replica_{port}_"))
    # a SIGTERM (CI's timeout) stops the replica too, like an exception
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        try:
            start(port, directory, log=log)  # cleans up after itself when it fails
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        try:
            yield directory
        finally:
            stop(port, directory, log=log)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm(signum, _frame):
    raise SystemExit(128 + signum)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("start", "stop", "status"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("CS_REPLICA_PORT", DEFAULT_PORT)))
    parser.add_argument("--dir", help="the replica's directory (default: <tmp>/cs_replica_<port>)")
    options = parser.parse_args()
    try:
        if options.action == "start":
            start(options.port, options.dir)
        elif options.action == "stop":
            stop(options.port, options.dir)
        else:
            wait_streaming(options.port, timeout=5)
            print(f"replica: streaming on 127.0.0.1:{options.port}")
    except ReplicaUnavailable as error:
        print(f"replica: cannot run one here: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:
        print(f"replica: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
