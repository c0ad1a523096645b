"""Where the suite's CPU goes: a pytest plugin that reads the machine's busy CPU around each test.

    PYTHONPATH=benchmarks TMPDIR=/dev/shm .venv/bin/pytest -p cpu_per_test -p no:cacheprovider

Run the suite serially (no ``-n``) on an idle machine: the machine's busy CPU (/proc/stat) is then this suite's,
builds, engines, previews and Chromium included, which a process's own figures miss (a build's helpers and
Chromium's renderers end before anyone reads them). Each test's figure holds its setup, so the first test of a file
pays for the file's builds; in a serial run pytest orders the whole session by engine and comes back to a file once
per engine, so a file's module-wide builds are made up to once per engine here, but once in `make test`'s run, where
each worker takes whole files. At the end it prints each file's busy CPU, wall time and the test process's own CPU;
with ``CPU_PER_TEST_OUT=FILE`` each test's figures are also written there, a line each.
"""

from __future__ import annotations

import collections
import os
import resource
import time

import pytest

_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
_by_file: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0.0])


def _busy_seconds() -> float:
    """CPU the whole machine has spent busy since it started: every field of /proc/stat's first line but idle
    and waiting for the disk."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(value) for value in stat.readline().split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / _TICKS_PER_SECOND


def _own_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    busy, wall, own = _busy_seconds(), time.monotonic(), _own_seconds()
    yield
    figures = (_busy_seconds() - busy, time.monotonic() - wall, _own_seconds() - own)
    totals = _by_file[item.nodeid.split("::")[0]]
    for index, figure in enumerate(figures):
        totals[index] += figure
    if os.environ.get("CPU_PER_TEST_OUT"):
        with open(os.environ["CPU_PER_TEST_OUT"], "a", encoding="utf-8") as out:
            out.write(item.nodeid + "".join(f"\t{figure:.2f}" for figure in figures) + "\n")


def pytest_terminal_summary(terminalreporter):
    rows = sorted(_by_file.items(), key=lambda row: -row[1][0])
    terminalreporter.section("CPU per test file (busy machine CPU, wall time, the test process's own CPU)")
    for path, (busy, wall, own) in rows:
        terminalreporter.write_line(f"{busy:8.1f} s {wall:8.1f} s {own:8.1f} s  {path}")
    busy, wall, own = (sum(row[index] for _, row in rows) for index in range(3))
    terminalreporter.write_line(f"{busy:8.1f} s {wall:8.1f} s {own:8.1f} s  in all")
