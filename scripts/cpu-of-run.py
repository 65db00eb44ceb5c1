#!/usr/bin/env python3
"""Runs a command and counts the CPU of every process it starts, however deep, as one figure.

    python3 scripts/cpu-of-run.py <out.json> <command> [args...]

GNU time counts the processes a run waits for. Chromium's renderer and GPU processes are
re-parented away from the run when their browser closes (to init), so their CPU never reaches it.
This wrapper makes itself a child subreaper (Linux's prctl(PR_SET_CHILD_SUBREAPER)): orphaned
descendants are re-parented to it instead, it reaps them, and its children's rusage then holds the
whole tree. Unlike the machine's busy time (/proc/stat) the figure does not include other people's
work on a shared machine. Writes {"exitCode", "wallS", "userS", "sysS", "leftover"} to out.json;
`leftover` counts descendants still alive 20 s after the command ended (left running, not counted).
Linux only; the command's exit code is the wrapper's.
"""
import ctypes
import json
import os
import resource
import signal
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
GRACE_S = 20


def main() -> int:
    out, cmd = sys.argv[1], sys.argv[2:]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")
    t0 = time.monotonic()
    child = subprocess.Popen(cmd)
    # Ctrl-C reaches the whole foreground group already; the wrapper itself keeps reaping.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_code = None
    deadline = None
    leftover = 0
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG if deadline else 0)
        except ChildProcessError:
            break  # every descendant has been reaped
        if pid == 0:  # some descendants still run after the command ended
            if time.monotonic() > deadline:
                leftover = len(children_of(os.getpid()))
                break
            time.sleep(0.1)
            continue
        if pid == child.pid:
            exit_code = os.waitstatus_to_exitcode(status)
            wall = time.monotonic() - t0
            deadline = time.monotonic() + GRACE_S
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(
            {
                "exitCode": exit_code,
                "wallS": round(wall, 2),
                "userS": round(ru.ru_utime, 2),
                "sysS": round(ru.ru_stime, 2),
                "leftover": leftover,
            },
            f,
        )
    return exit_code if exit_code is not None else 1


def children_of(ppid: int) -> list[int]:
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", encoding="utf-8") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == ppid:
                        pids.append(int(name))
            except (OSError, ValueError, IndexError):
                pass
    return pids


if __name__ == "__main__":
    sys.exit(main())
