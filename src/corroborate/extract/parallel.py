"""Extraction over many documents in supervised worker processes: no document can stop a run.

Each worker process loads the extractor (spaCy) once and extracts whole batches, sending each
document's mentions back as soon as they are ready; ``extract_all`` yields them in input order.
Every document has a time budget and a memory budget. A worker interrupts its own document when
the time is up (an alarm); the parent watches each busy worker's clock and resident memory and
kills a worker past either (C code that never returns to Python, memory growing without limit),
then starts a new one. A batch that fails is retried one document at a time, so a bad document
costs only its own result: ``extract_timeout``, ``extract_memory``, ``extract_crash:SIGNAL`` or
``extract:Error:message``.

Workers outlive one run (spaCy loads once per process, however many runs follow) and exit with
the process that started them. Memory is read from /proc (Linux); elsewhere only time is limited.
"""

from __future__ import annotations

import atexit
import mmap
import os
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from multiprocessing.connection import Connection, wait

Item = tuple[str, str, str | None]  # document id, text, published
Result = list[dict] | str  # mentions as dicts, or the reason extraction failed

# Seconds a document may take: a floor (a news article takes well under a second, even on a busy
# machine) plus time in proportion to its length (a 200,000-character text takes about 15 s, so
# one at MAX_EXTRACT_CHARS over a minute), so that a long but ordinary text is never cut off and
# a rule that loops costs seconds, not the run.
DOCUMENT_TIME_LIMIT = 10.0
SECONDS_PER_MILLION_CHARS = 300.0
# Megabytes a worker may grow by while it extracts one job (a batch, or one document), over its
# size when the job started (about 400 MB once spaCy is loaded). A 200,000-character text needs
# about 60 MB, so a batch of BATCH_CHARS a few hundred; growth past this is a rule gone wrong,
# and stopping it keeps the machine up.
DOCUMENT_MEMORY_LIMIT_MB = 1024
# Characters in one batch at most: long texts are not parsed together (memory), and one text
# near MAX_EXTRACT_CHARS is a batch of its own.
BATCH_CHARS = 1_000_000
# Seconds past its deadline a worker has to report its own timeout before it is killed.
KILL_GRACE = 2.0
# Seconds between two looks at each busy worker's clock and memory.
SUPERVISE_INTERVAL = 0.05
# Seconds a new worker may take to load spaCy and the lexicons (about 5 s on an idle machine).
WORKER_START_TIMEOUT = 300.0
MAX_WORKERS = 64

TIMEOUT = "extract_timeout"
MEMORY = "extract_memory"
CRASH = "extract_crash"
MAX_REASON_CHARS = 300


@lru_cache(maxsize=1)
def shared_extractor():
    """This process's extractor: spaCy and the lexicons load once, however many runs follow."""
    from . import Extractor

    return Extractor()


# What a worker process calls once for its extractor (anything with ``pipe(pairs)`` yielding
# mentions per (text, published) pair). A module-level function, so that a worker can import
# it; tests put a pathological one here.
EXTRACTOR_FACTORY: Callable = shared_extractor


def extract_all(
    items: Iterable[Item], workers: int = 1, batch_size: int = 16, factory: Callable | None = None
) -> Iterator[tuple[str, Result]]:
    """(document id, mentions as dicts or the reason extraction failed) for every item, in
    input order, from ``workers`` supervised worker processes. No worker starts if there are
    no items."""
    scheduler = _Scheduler(items, batch_size, factory or EXTRACTOR_FACTORY, max(1, min(workers, MAX_WORKERS)))
    try:
        yield from scheduler
    finally:
        scheduler.release()


def document_budget(text: str) -> float:
    """Seconds one document may take (see DOCUMENT_TIME_LIMIT)."""
    from . import MAX_EXTRACT_CHARS

    return DOCUMENT_TIME_LIMIT + SECONDS_PER_MILLION_CHARS * min(len(text), MAX_EXTRACT_CHARS) / 1_000_000


def shutdown(factory: Callable | None = None) -> None:
    """Stop this process's idle workers (those of one extractor factory, or all)."""
    with _pool_lock:
        crews = [_idle.pop(factory, [])] if factory is not None else list(_idle.values())
        if factory is None:
            _idle.clear()
    for crew in crews:
        for worker in crew:
            worker.close()


class ExtractionTimeout(Exception):
    """A document took longer than its time limit (a rule looping, a pathological parse)."""


@contextmanager
def time_limit(seconds: float):
    """Raise ExtractionTimeout in this thread after ``seconds``. Only the main thread of a
    process can take signals; elsewhere (and where SIGALRM does not exist) no limit applies."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    if seconds <= 0:
        raise ExtractionTimeout("no time left")

    def expire(signum, frame):
        raise ExtractionTimeout(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- the worker process ---------------------------------------------------------------------


def _worker_main() -> None:
    """A worker process (started by _Worker as ``python -c``; argv: the file descriptors of its
    two pipes and of its clock, and the parent's pid)."""
    jobs, answers, clock, parent = (int(arg) for arg in sys.argv[1:5])
    _serve(Connection(jobs, writable=False), Connection(answers, readable=False), _Clock(clock), parent)


def _serve(jobs: Connection, answers: Connection, deadline: _Clock, parent: int) -> None:
    """Load the extractor once (its factory is the first message), then extract the jobs the
    parent sends until it sends None or goes away. ``deadline`` (shared with the parent) is when
    the job being extracted is due; 0 while the worker is not extracting."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent decides
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    try:
        extractor = jobs.recv()()
    except BaseException as error:  # the parent reports it: the stage cannot run
        answers.send(("error", f"{type(error).__name__}: {error}"))
        return
    answers.send(("ready", None))
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        _extract_job(extractor, job, answers, deadline)
        answers.send(("done", None))


def _extract_job(extractor, job: list[tuple[str, str | None, float]], conn: Connection, deadline: _Clock) -> None:
    """Send ("ok", mentions) for each document of the job in turn; on the first failure send
    ("failed", reason) and stop.

    The first document may take the job's whole time (the sum of its documents' budgets): spaCy
    parses the batch before it yields the first document. Each later one has its own budget
    (within the job's time), so a document that hangs in the rules is caught in its own time."""
    due = time.monotonic() + sum(budget for _, _, budget in job)
    try:
        results = iter(extractor.pipe([(text, published) for text, published, _ in job]))
        for k, (_, _, budget) in enumerate(job):
            document_due = due if k == 0 else min(due, time.monotonic() + budget)
            deadline.set(document_due)
            with time_limit(document_due - time.monotonic()):
                mentions = [m.as_dict() for m in next(results)]
            deadline.set(0.0)
            sent = time.monotonic()
            conn.send(("ok", mentions))
            due += time.monotonic() - sent  # waiting for the parent to read is not extracting
    except ExtractionTimeout:
        _send_failure(conn, deadline, TIMEOUT)
    except MemoryError:
        _send_failure(conn, deadline, MEMORY)
    except Exception as error:
        _send_failure(conn, deadline, f"extract:{type(error).__name__}:{error}"[:MAX_REASON_CHARS])
    finally:
        deadline.set(0.0)


def _send_failure(conn, deadline, reason: str) -> None:
    deadline.set(0.0)
    conn.send(("failed", reason))


class _Clock:
    """A time (``time.monotonic``, the same clock in every process) in a file both processes map."""

    def __init__(self, fd: int):
        self.map = mmap.mmap(fd, 8)

    def set(self, value: float) -> None:
        struct.pack_into("d", self.map, 0, value)

    def get(self) -> float:
        return struct.unpack_from("d", self.map, 0)[0]


def _exit_with_parent(parent: int) -> None:
    """End this worker when the process that started it is gone (even killed by SIGKILL)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


# --- the parent: workers, supervision, scheduling ---------------------------------------------


def _rss(pid: int | None) -> int:
    """Resident memory of a process in bytes (0 where /proc cannot tell)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class _Worker:
    """One worker process as the parent sees it: its pipes, its job, and its limits.

    A fresh interpreter (``python -c``), not a fork: no parent threads or locks come along, and
    the caller's main module is not imported again (no ``if __name__ == "__main__"`` needed)."""

    def __init__(self, factory: Callable):
        self.clock_file = tempfile.TemporaryFile()
        self.clock_file.write(bytes(8))
        self.clock_file.flush()
        self.deadline = _Clock(self.clock_file.fileno())
        jobs_read, jobs_write = os.pipe()
        answers_read, answers_write = os.pipe()
        fds = (jobs_read, answers_write, self.clock_file.fileno())
        code = "from corroborate.extract.parallel import _worker_main; _worker_main()"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}  # what this process imports
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code, *map(str, fds), str(os.getpid())], pass_fds=fds, stdin=subprocess.DEVNULL, env=env
            )
        finally:
            os.close(jobs_read)
            os.close(answers_write)
        self.jobs = Connection(jobs_write, readable=False)
        self.conn = Connection(answers_read, writable=False)
        self.job: list[int] = []  # positions of the documents not yet answered
        self.busy = False  # a job was sent and its "done" not yet read
        self.retire = False  # replace once the job ends
        self.memory_limit = 0  # bytes; 0 = not watched
        self.killed_for: str | None = None
        self.ready = False  # the extractor is loaded (see wait_ready)
        self.baseline = 0  # resident bytes once ready
        try:
            self.jobs.send(factory)  # pickled by reference: the worker imports it
        except (OSError, ValueError):
            pass  # the worker is gone; wait_ready says why

    def wait_ready(self) -> None:
        """Wait until the worker has loaded its extractor (workers started together load in parallel)."""
        if self.ready:
            return
        if not self.conn.poll(WORKER_START_TIMEOUT):
            self.close()
            raise RuntimeError(f"extraction worker did not start within {WORKER_START_TIMEOUT:g} s")
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError):
            kind, value = "error", f"exit code {self.process.wait()}"
        if kind != "ready":
            self.close()
            raise RuntimeError(f"extraction worker could not start: {value}")
        self.ready, self.baseline = True, _rss(self.process.pid)

    def alive(self) -> bool:
        return self.process.poll() is None

    def start(self, positions: list[int], payload: list[tuple[str, str | None, float]]) -> bool:
        """Send a job; False if the worker is gone (the job was not started)."""
        self.wait_ready()
        with _supervisor.lock:
            self.job, self.busy, self.killed_for = list(positions), True, None
            self.memory_limit = _rss(self.process.pid) + DOCUMENT_MEMORY_LIMIT_MB * 2**20
        _supervisor.watch(self)
        try:
            self.jobs.send(payload)
            return True
        except (OSError, ValueError):
            return False

    def finish(self) -> None:
        with _supervisor.lock:
            self.busy, self.memory_limit = False, 0

    def check(self) -> None:
        """Called by the supervisor (holding its lock): kill the worker past a budget."""
        if not self.busy or self.killed_for is not None:
            return
        due = self.deadline.get()
        if due and time.monotonic() > due + KILL_GRACE:
            self.kill(TIMEOUT)
        elif self.memory_limit and _rss(self.process.pid) > self.memory_limit:
            self.kill(MEMORY)

    def kill(self, reason: str) -> None:
        self.killed_for = reason
        self.process.kill()

    def death(self) -> str:
        """Why the process ended: the budget it was killed for, or how it crashed."""
        try:
            code = self.process.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        if self.killed_for is not None:
            return self.killed_for
        try:
            return f"{CRASH}:{signal.Signals(-code).name}" if code is not None and code < 0 else f"{CRASH}:exit_{code}"
        except ValueError:
            return f"{CRASH}:signal_{-code}"

    def crept(self) -> bool:
        """Grown between jobs by a whole budget (lexemes, fragmentation): time for a fresh one."""
        return _rss(self.process.pid) > self.baseline + DOCUMENT_MEMORY_LIMIT_MB * 2**20

    def close(self) -> None:
        _supervisor.forget(self)
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.jobs.close()
        self.conn.close()
        self.deadline.map.close()
        self.clock_file.close()


class _Supervisor:
    """One thread per process that looks at every busy worker's clock and memory."""

    def __init__(self):
        self.lock = threading.Lock()
        self.workers: set[_Worker] = set()
        self.thread: threading.Thread | None = None

    def watch(self, worker: _Worker) -> None:
        with self.lock:
            self.workers.add(worker)
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="corroborate-extract-supervisor", daemon=True)
                self.thread.start()

    def forget(self, worker: _Worker) -> None:
        with self.lock:
            self.workers.discard(worker)

    def _run(self) -> None:
        while True:
            time.sleep(SUPERVISE_INTERVAL)
            with self.lock:
                if not self.workers:
                    self.thread = None
                    return
                for worker in self.workers:
                    worker.check()


_supervisor = _Supervisor()
_idle: dict[Callable, list[_Worker]] = {}  # workers between runs, by extractor factory
_pool_lock = threading.Lock()
atexit.register(shutdown)


class _Scheduler:
    """One run: reads batches, gives jobs to idle workers, collects answers, yields in order."""

    def __init__(self, items: Iterable[Item], batch_size: int, factory: Callable, size: int):
        self.batches = _batches(items, max(1, batch_size))
        self.factory = factory
        self.size = size
        self.window = 2 * size * max(1, batch_size)  # documents read ahead of the next one yielded
        self.items: dict[int, Item] = {}
        self.results: dict[int, Result] = {}
        self.queue: deque[list[int]] = deque()  # jobs to give out, in order (retries first)
        self.read = 0
        self.next = 0
        self.exhausted = False
        with _pool_lock:
            idle = _idle.setdefault(factory, [])
            self.crew: list[_Worker] = idle[:size]
            del idle[:size]

    def __iter__(self) -> Iterator[tuple[str, Result]]:
        while True:
            self._assign()
            while self.next in self.results:
                document_id = self.items.pop(self.next)[0]
                yield document_id, self.results.pop(self.next)
                self.next += 1
            busy = [w for w in self.crew if w.busy]
            if busy:
                self._receive(busy)
            elif not self.queue and self.exhausted and self.next == self.read:
                return
            elif not (self.queue or (not self.exhausted and self.read - self.next < self.window)):
                # (yielding opens the read-ahead window again: then the next _assign reads on)
                raise RuntimeError(f"extraction stalled: document {self.next} is with no worker")

    def release(self) -> None:
        """Keep the workers that are idle for the next run; close the others."""
        keep = []
        for worker in self.crew:
            if worker.busy or worker.retire or not worker.alive():
                worker.close()
            else:
                keep.append(worker)
        with _pool_lock:
            _idle.setdefault(self.factory, []).extend(keep)

    def _assign(self) -> None:
        while True:
            job = self._next_job()
            if job is None:
                return
            worker = self._idle_worker()
            if worker is None:
                self.queue.appendleft(job)
                return
            payload = [(self.items[p][1], self.items[p][2], document_budget(self.items[p][1])) for p in job]
            if not worker.start(job, payload):
                self.queue.appendleft(job)  # it never reached the worker: no document is to blame
                self._replace(worker)

    def _next_job(self) -> list[int] | None:
        if self.queue:
            return self.queue.popleft()
        if self.exhausted or self.read - self.next >= self.window:
            return None
        batch = next(self.batches, None)
        if batch is None:
            self.exhausted = True
            return None
        positions = list(range(self.read, self.read + len(batch)))
        self.items.update(zip(positions, batch))
        self.read += len(batch)
        return positions

    def _idle_worker(self) -> _Worker | None:
        for worker in list(self.crew):
            if worker.busy:
                continue
            if worker.alive() and not (worker.ready and worker.crept()):
                return worker
            self._replace(worker)
        if len(self.crew) < self.size:
            fresh = [_Worker(self.factory) for _ in range(self.size - len(self.crew))]  # they load in parallel
            self.crew.extend(fresh)
            return fresh[0]
        return None

    def _replace(self, worker: _Worker) -> None:
        """Close a worker; a new one starts when there is work for it."""
        worker.close()
        self.crew.remove(worker)

    def _receive(self, busy: list[_Worker]) -> None:
        """Wait for answers from busy workers (or their end) and take them in."""
        by_conn = {w.conn: w for w in busy}
        ready = wait(list(by_conn), timeout=1.0)
        for conn in ready:
            worker = by_conn[conn]
            try:
                while worker.busy and conn.poll():
                    self._answer(worker, *conn.recv())
            except (EOFError, OSError):
                self._lost(worker)
        for worker in busy:  # a process gone without its pipe saying so
            if worker.busy and worker in self.crew and not worker.alive() and not worker.conn.poll():
                self._lost(worker)

    def _answer(self, worker: _Worker, kind: str, value) -> None:
        if kind == "ok" and worker.job:
            self.results[worker.job.pop(0)] = value
        elif kind == "failed":
            self._fail(worker, value)
            worker.retire = value == MEMORY  # after a MemoryError the process is not to be trusted
        elif kind == "done":
            if worker.job:
                self._fail(worker, "extract:no_result")
            worker.finish()
            if worker.retire:
                self._replace(worker)

    def _lost(self, worker: _Worker) -> None:
        """The worker process ended during a job (killed past a budget, or crashed)."""
        reason = worker.death()
        self._fail(worker, reason)
        worker.finish()
        self._replace(worker)

    def _fail(self, worker: _Worker, reason: str) -> None:
        """The job stopped at its first unanswered document: alone, it gets the reason; in a
        batch, each unanswered document is tried again on its own, so only the bad one fails."""
        undone, worker.job = worker.job, []
        if len(undone) == 1:
            self.results[undone[0]] = reason
        else:
            self.queue.extendleft([p] for p in reversed(undone))


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Batches of at most ``size`` documents and BATCH_CHARS characters (a longer text alone)."""
    batch: list[Item] = []
    chars = 0
    for item in items:
        if batch and (len(batch) >= size or chars + len(item[1]) > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[1])
    if batch:
        yield batch
