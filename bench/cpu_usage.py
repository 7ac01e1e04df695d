"""Where the CPU went during a load run, and how long the server itself
spent on each request: tells queueing for a core apart from work.

- ``snapshot()`` reads every process's CPU time from ``/proc``;
  ``cpu_report(before, after, ...)`` splits the difference between Odoo's
  HTTP workers, its cron workers (told apart by their process title, which
  Odoo sets when ``setproctitle`` is installed), PostgreSQL, the load
  generator and the rest of the machine.
- ``server_times(log, offset)`` reads the request lines Odoo logs with
  ``--log-handler=werkzeug:INFO`` (queries, time in SQL, the rest of the
  time in the worker) and groups them by route, numbers replaced by ``N``.
"""

import os
import re
from collections import defaultdict

TICKS = os.sysconf("SC_CLK_TCK")
REQUEST_LINE = re.compile(r'"(GET|POST) (\S+) HTTP/[\d.]+" (\d+) \S+ (\d+) ([\d.]+) ([\d.]+)')


def _process(pid):
    with open(f"/proc/{pid}/stat") as handle:
        stat = handle.read()
    # the command name may hold spaces: the fields after it start past ")"
    fields = stat[stat.rindex(")") + 2:].split()
    session, cpu = int(fields[3]), (int(fields[11]) + int(fields[12])) / TICKS
    with open(f"/proc/{pid}/cmdline", "rb") as handle:
        command = handle.read().replace(b"\0", b" ").decode(errors="replace")
    return session, cpu, command


def snapshot():
    """{pid: (session id, CPU seconds, command line)} of every live process,
    and the machine's busy and total CPU seconds."""
    processes = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                processes[int(name)] = _process(name)
            except (OSError, ValueError, IndexError):
                continue  # ended meanwhile
    with open("/proc/stat") as handle:
        ticks = [int(value) for value in handle.readline().split()[1:]]
    idle = ticks[3] + ticks[4]
    return processes, (sum(ticks) - idle) / TICKS, sum(ticks) / TICKS


def _kind(pid, session, command, server_session, own_pid):
    if pid == own_pid:
        return "load generator"
    if session == server_session:
        return "Odoo cron workers" if "WorkerCron" in command else "Odoo HTTP workers"
    if command.startswith("postgres"):
        return "PostgreSQL"
    return "other"


def cpu_report(before, after, server_session, own_pid=None):
    """Lines telling the CPU seconds of each kind of process between two
    snapshots (processes started meanwhile count from zero)."""
    own_pid = own_pid or os.getpid()
    (processes_before, busy_before, total_before), (processes_after, busy_after, total_after) = before, after
    spent = defaultdict(float)
    for pid, (session, cpu, command) in processes_after.items():
        previous = processes_before.get(pid)
        start = previous[1] if previous and previous[2] == command else 0.0
        spent[_kind(pid, session, command, server_session, own_pid)] += max(0.0, cpu - start)
    busy, total = busy_after - busy_before, total_after - total_before
    lines = [f"CPU during the run: {busy:.0f} of {total:.0f} core-seconds busy ({100 * busy / total:.0f} %)"]
    for kind in ("Odoo HTTP workers", "Odoo cron workers", "PostgreSQL", "load generator", "other"):
        lines.append(f"  {kind:<20}{spent[kind]:>8.1f} s")
    return lines


def server_times(log_path, offset=0):
    """{route: [(seconds in the worker, queries)]} from Odoo's request log,
    from byte ``offset`` on."""
    times = defaultdict(list)
    with open(log_path, "rb") as handle:
        handle.seek(offset)
        for line in handle.read().decode(errors="replace").splitlines():
            found = REQUEST_LINE.search(line)
            if found:
                _method, path, _status, queries, query_time, rest = found.groups()
                route = re.sub(r"\d+", "N", path.split("?")[0])
                times[route].append((float(query_time) + float(rest), int(queries)))
    return times
