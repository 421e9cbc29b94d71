"""How the heavy stages use the machine: worker processes and the garbage collector.

Extraction, scoring and page rendering allocate millions of small, acyclic objects while the
run they read stays in memory; CPython's cyclic collector then re-scans the whole run again and
again (three quarters of scoring time at 1,000 submissions). Those stages pause it: nothing they
build refers back to itself, so reference counting frees all of it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import multiprocessing
import os
import sys
import traceback
from contextlib import contextmanager


def default_jobs() -> int:
    """Worker processes when none are asked for: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def pool_context():
    """fork where there is one: workers inherit the run already in memory instead of having it
    pickled to them; elsewhere spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def fresh_context():
    """Workers that start from a fresh interpreter (spawn) and hold only what they are sent (the
    scale bench reads run.json back in one, apart from the run in memory). Not forkserver: its
    workers are the server's children, so their CPU and memory never show in this process's
    accounts."""
    return multiprocessing.get_context("spawn")


def private_memory_mb() -> float | None:
    """The memory this process holds of its own, in MB (Linux's Private_Clean + Private_Dirty):
    for a forked worker, what it copied or made; the pages it shares with its parent are the
    parent's (its VmHWM and ru_maxrss count them as its own). None elsewhere."""
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as rollup:
            return sum(int(line.split()[1]) for line in rollup if line.startswith("Private_")) / 1024
    except (OSError, ValueError):
        return None


@contextmanager
def paused_gc():
    """The cyclic garbage collector off for the block (restored as it was afterwards)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@functools.cache
def _libc():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def release_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's malloc_trim; elsewhere nothing).

    Parsing run.json and serializing results allocate their scratch from the C heap, outside
    Python's own allocator; freed, it stays mapped to the process (about 100 MB per 1,000
    submissions after loading a run) unless trimmed."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


@contextmanager
def alongside(write, parallel: bool, what: str):
    """Run `write()` in a forked child while the body runs here (parallel, where there is fork),
    else at once; either way it has finished when the block ends, and its failure is this
    block's (RuntimeError naming `what`; the child's traceback is on stderr). The child sees the
    run already in memory, writes its files and leaves without touching what the parent owns."""
    if not (parallel and hasattr(os, "fork")):
        write()
        yield
        return
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: write, say what went wrong, and leave at once (no atexit, no buffers)
        code = 1
        try:
            write()
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    try:
        yield
    finally:
        _, status = os.waitpid(pid, 0)  # never left writing into a folder the parent may remove
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"写出{what}的子进程失败（错误见上方）")


def keep_for_the_run() -> None:
    """What is in memory now (the run's texts and evidence) stays until the command ends: moved out
    of the cyclic collector's sight (gc.freeze), so that each collection a later stage triggers does
    not scan all of it again (0.3-0.4 s a time at 1,000 submissions), and a forked child does not
    copy its pages by touching their collector headers."""
    gc.freeze()
