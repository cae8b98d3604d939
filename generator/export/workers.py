"""One process pool per build for the expensive per-record files (PDF, audio, cards).

Exports submit plain, picklable jobs to ``Workers``; the pool is sized to the cores
(``lantoa build --jobs``) and only started when the first job arrives, so a rebuild
with nothing to render never forks at all. Each worker runs the warm-up functions the
exports registered (fonts, WeasyPrint, templates) once, then reuses them for every job.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import select
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

# Registered by the exports at import time: importing a warm-up by name in the worker
# keeps the pool free of any knowledge of the exports.
_WARM_UPS: dict[str, Callable[[], None]] = {}


def warm_up(function: Callable[[], None]) -> Callable[[], None]:
    """Decorator: run ``function`` once in every worker before its first job."""
    _WARM_UPS[f"{function.__module__}:{function.__qualname__}"] = function
    return function


def _initialise(build_pid: int, names: tuple[str, ...]) -> None:
    import importlib

    _end_with(build_pid)
    for name in names:
        module, _, attribute = name.partition(":")
        getattr(importlib.import_module(module), attribute)()


def _end_with(pid: int) -> None:
    """Exit this worker as soon as the build process ``pid`` has ended.

    A build killed with SIGKILL cannot stop its workers, and a worker blocked on the task
    queue would wait forever (its siblings keep the queue open). Linux pidfd; elsewhere
    the pool's own shutdown is all there is.
    """
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        return

    def wait() -> None:
        select.select([pidfd], [], [])  # readable once the process has exited
        os._exit(1)

    threading.Thread(target=wait, name="end-with-build", daemon=True).start()


def _cpu_seconds() -> float:
    """CPU time of this process and the programs it ran (espeak-ng, sox): load-independent."""
    own, programs = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + programs.ru_utime + programs.ru_stime


def _timed(function: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    started, cpu = time.perf_counter(), _cpu_seconds()
    value = function(*args)
    return value, time.perf_counter() - started, _cpu_seconds() - cpu


def _threads() -> int:
    """Threads of this process as the OS sees them (C libraries' threads included)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def start_method() -> multiprocessing.context.BaseContext:
    """fork is the cheapest start; with other threads alive it is unsafe, so use forkserver."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _threads() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _settle(result: Future[Any], done: Future[Any]) -> None:
    if done.cancelled():
        result.cancel()
    elif done.exception() is not None:
        result.set_exception(done.exception())
    else:
        result.set_result(done.result())


class Workers:
    """The build's process pool, started on first use; counts the work actually done."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self.done: Counter[str] = Counter()  # what was made (not taken from the cache), by kind
        self.seconds: Counter[str] = Counter()  # workers' wall time spent on each kind
        self.cpu_seconds: Counter[str] = Counter()  # and their CPU time, programs they ran included
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._once: dict[str, Future[Any]] = {}  # submit_once: the job already asked for, by key

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.jobs,
                    mp_context=start_method(),
                    initializer=_initialise,
                    initargs=(os.getpid(), tuple(_WARM_UPS)),
                )
            return self._pool

    def submit(self, kind: str, function: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run ``function(*args)`` in a worker; ``kind`` is what the counters call it."""
        with self._lock:  # also called from the pool's thread (``after``)
            self.done[kind] += 1
        result: Future[Any] = Future()

        def settle(timed: Future[tuple[Any, float, float]]) -> None:
            if timed.cancelled():  # the build failed elsewhere and shut the pool down
                result.cancel()
                return
            error = timed.exception()
            if error is not None:
                result.set_exception(error)
                return
            value, seconds, cpu = timed.result()
            with self._lock:
                self.seconds[kind] += seconds
                self.cpu_seconds[kind] += cpu
            result.set_result(value)

        self._executor().submit(_timed, function, *args).add_done_callback(settle)
        return result

    def submit_once(self, kind: str, key: str, function: Callable[..., Any], *args: Any) -> Future[Any]:
        """``submit``, unless a job with this key was already submitted in this build: its future."""
        with self._lock:
            known = self._once.get(key)
        if known is not None:
            return known
        future = self.submit(kind, function, *args)
        with self._lock:
            self._once[key] = future
        return future

    def after(
        self, waits: Sequence[Future[Any]], kind: str, function: Callable[..., Any], *args: Any
    ) -> Future[Any]:
        """``submit`` once every future in ``waits`` has succeeded (a failure is passed on).

        The job is queued only when what it reads exists, so no worker sits waiting for
        another; the submission happens in whichever thread settled the last of them.
        """
        if not waits:
            return self.submit(kind, function, *args)
        result: Future[Any] = Future()
        remaining = [len(waits)]

        def one_done(_: Future[Any]) -> None:
            with self._lock:
                remaining[0] -= 1
                if remaining[0]:
                    return
            for wait in waits:
                if wait.cancelled():
                    result.cancel()
                    return
                if wait.exception() is not None:
                    result.set_exception(wait.exception())  # type: ignore[arg-type]
                    return
            try:
                inner = self.submit(kind, function, *args)
            except RuntimeError as error:  # the pool was shut down: the build failed elsewhere
                result.set_exception(error)
                return
            inner.add_done_callback(lambda done: _settle(result, done))

        for wait in waits:
            wait.add_done_callback(one_done)
        return result

    @property
    def started(self) -> bool:
        return self._pool is not None

    def close(self, cancel: bool = False) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=cancel)
