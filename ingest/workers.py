"""Read files in worker processes, so a bomb, a parser bug or a hang costs one file and never the batch.

A worker is `python -m ingest.workers`: it caps its own address space (RLIMIT_AS, inherited by the
tesseract processes OCR starts), then reads jobs (pickled over stdin) and answers each with
STARTED, then (PAGE_DONE, done, total) after each page OCR reads, then a PreparedDocument or the
UnreadableFile that reports it. The parent keeps up to `workers` of them busy, kills one (with its
process group, so its tesseracts too) that takes longer than the time limit since it started the
file or last finished a page, and starts a fresh one after a crash, a kill, or a job that left it
holding a lot of memory (so a bomb's memory goes back to the system). Every failure becomes the
file's report line: "too large when unpacked", "took longer than 120 s", "corrupt DOCX: ...".
"""

from __future__ import annotations

import os
import pickle
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection

from ingest.pipeline import PreparedDocument, ReadLimits, prepare_document
from ingest.split import SplitSettings
from kb.errors import UnreadableFile, corrupt, one_line

STARTUP_SECONDS = 60  # for a fresh worker to load its parsers and take the file; the time limit runs after that
STARTED = "started"  # a worker's first message about a job
PAGE_DONE = "page"  # (PAGE_DONE, done, total): OCR has read `done` of `total` pages; the time limit starts again
RETIRE_ABOVE_MB = 300  # a worker that needed more than this for a job is replaced by a fresh one


@dataclass(frozen=True)
class ReadJob:
    doc_id: str
    data: bytes
    file_type: str
    fallback_title: str


Result = PreparedDocument | UnreadableFile
PageProgress = Callable[[str, int, int], None]  # (doc_id, pages done, pages to OCR)


def read_in_workers(
    jobs: Iterable[ReadJob],
    split: SplitSettings,
    limits: ReadLimits,
    workers: int = 2,
    on_done: Callable[[str, Result], None] | None = None,
    on_page: PageProgress | None = None,
) -> Iterator[tuple[str, Result]]:
    """(doc_id, result) for each job, in the order they finish; jobs are drawn only as workers free up.

    on_page(doc_id, done, total) is called as OCR reads the pages of a file. workers=0 reads in this
    process, without the limits: for tests and debugging only.
    """
    if workers == 0:
        for job in jobs:
            result = prepare_safely(job, split, limits, lambda done, total, _id=job.doc_id: on_page and on_page(_id, done, total))
            if on_done:
                on_done(job.doc_id, result)
            yield job.doc_id, result
        return
    pending = iter(jobs)
    idle: list[_Worker] = []
    busy: dict[int, _Worker] = {}  # by the worker's stdout
    selector = selectors.DefaultSelector()
    try:
        exhausted = False
        while True:
            while not exhausted and len(busy) < workers:
                job = next(pending, None)
                if job is None:
                    exhausted = True
                    break
                worker = idle.pop() if idle else _Worker(limits)
                worker.send(job, split, limits)
                busy[worker.fd] = worker
                selector.register(worker.fd, selectors.EVENT_READ)
            if not busy:
                return
            nearest = min(worker.deadline for worker in busy.values())
            ready = {key.fd for key, _ in selector.select(timeout=max(0.0, nearest - time.monotonic()))}
            for fd, worker in list(busy.items()):
                if fd in ready:
                    answer = worker.receive(limits, on_page)
                elif time.monotonic() >= worker.deadline:
                    answer = (UnreadableFile(worker.overdue_reason(limits)), False)
                else:
                    continue
                if answer is None:  # it has started on the file, or read a page: the time limit runs from now
                    continue
                result, healthy = answer
                selector.unregister(fd)
                del busy[fd]
                if healthy:
                    idle.append(worker)
                else:
                    worker.stop()
                if on_done:
                    on_done(worker.job.doc_id, result)
                yield worker.job.doc_id, result
    finally:
        for worker in idle + list(busy.values()):
            worker.stop()
        selector.close()


class _Worker:
    """One `python -m ingest.workers` process and the job it is on."""

    def __init__(self, limits: ReadLimits):
        # its own temporary folder, only the owner's to read, removed with it: a worker killed at its time limit left
        # tesseract's page images and LibreOffice's copies of a document in /tmp for every local user
        self.temporary = tempfile.mkdtemp(prefix="kb-read-")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ingest.workers", str(limits.memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "OMP_NUM_THREADS": "1", "OMP_THREAD_LIMIT": "1",  # tesseract: one thread, pages in parallel
                 "TMPDIR": self.temporary},  # fmt: skip
            process_group=0,  # its own group: stop() kills the tesseracts it started too
        )
        # Framed messages over the pipes, read whole: no buffer hides an answer from select().
        self.requests = Connection(os.dup(self.process.stdin.fileno()), readable=False)  # type: ignore[union-attr]
        self.answers = Connection(os.dup(self.process.stdout.fileno()), writable=False)  # type: ignore[union-attr]
        self.process.stdin.close()  # type: ignore[union-attr]
        self.process.stdout.close()  # type: ignore[union-attr]
        self.fd = self.answers.fileno()
        self.job: ReadJob
        self.deadline = 0.0
        self.started = False

    def send(self, job: ReadJob, split: SplitSettings, limits: ReadLimits) -> None:
        self.job, self.started = job, False
        self.deadline = time.monotonic() + STARTUP_SECONDS  # a fresh worker first loads its parsers
        try:
            self.requests.send((job, split, limits))
        except OSError:
            pass  # it died at start: receive() reports it

    def receive(self, limits: ReadLimits, on_page: PageProgress | None = None) -> tuple[Result, bool] | None:
        """None when the worker says it has started on the file or read a page; else its answer and whether
        it can take another."""
        try:
            message = self.answers.recv()
        except (EOFError, pickle.UnpicklingError, OSError):
            return UnreadableFile(_crash_reason(self.process.wait())), False
        if message == STARTED or message[0] == PAGE_DONE:
            self.started, self.deadline = True, time.monotonic() + limits.seconds
            if message[0] == PAGE_DONE and on_page:
                on_page(self.job.doc_id, message[1], message[2])
            return None
        result, retiring = message
        return result, not retiring

    def overdue_reason(self, limits: ReadLimits) -> str:
        if self.started:
            return f"took longer than {limits.seconds:g} s to read"
        return f"the reader did not start within {STARTUP_SECONDS} s"

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # the worker and any tesseract it started
        except (ProcessLookupError, PermissionError):
            pass  # the group is gone: the worker exited and left nothing running
        self.process.wait()
        self.requests.close()
        self.answers.close()
        shutil.rmtree(self.temporary, ignore_errors=True)


def _crash_reason(code: int) -> str:
    if code == -9:
        return "the reader was killed (out of memory?)"
    if code < 0:
        return f"the reader crashed (signal {-code}): corrupt or hostile file"
    return f"the reader stopped unexpectedly (exit code {code})"


# ---------------------------------------------------------------- inside the worker


def describe_failure(error: BaseException, file_type: str, limits: ReadLimits, peak_mb: float = 0) -> str:
    """The report line for an exception a reader raised, in a worker that has used at most peak_mb."""
    if isinstance(error, UnreadableFile):
        return str(error)
    # Parsers in C (lxml) report a failed allocation as "unknown error": the memory used tells.
    if isinstance(error, MemoryError) or peak_mb > 0.8 * limits.memory_mb:
        return f"too large when unpacked: needs more than the {limits.memory_mb} MB a file may use"
    if type(error).__name__ == "LimitReachedError":  # pypdf's guard against decompression bombs
        return f"too large when unpacked: {one_line(error)}"
    if isinstance(error, RecursionError):
        return f"corrupt {file_type.upper()}: nested too deeply"
    return str(corrupt(file_type.upper(), error))


def prepare_safely(
    job: ReadJob, split: SplitSettings, limits: ReadLimits, on_page: Callable[[int, int], None] | None = None
) -> Result:
    """prepare_document with every exception turned into the UnreadableFile that reports it."""
    try:
        return prepare_document(job.data, job.file_type, job.doc_id, job.fallback_title, split, limits, on_page)
    except Exception as error:  # noqa: BLE001 - any reader failure is this file's report line
        return UnreadableFile(describe_failure(error, job.file_type, limits, _peak_mb()))


def _serve(memory_mb: int) -> None:
    import logging
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))
    import docx  # noqa: F401 - loaded before the first file, so its time limit counts reading only
    import pypdf  # noqa: F401
    import pypdfium2  # noqa: F401
    from langdetect.detector_factory import init_factory

    init_factory()
    logging.disable(logging.WARNING)  # parsers' complaints about odd files; the report says what matters
    requests, answers = Connection(os.dup(0), writable=False), Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the answers
    while True:
        try:
            job, split, limits = requests.recv()
        except EOFError:
            return
        answers.send(STARTED)
        result = prepare_safely(job, split, limits, lambda done, total: answers.send((PAGE_DONE, done, total)))
        retiring = _peak_mb() > RETIRE_ABOVE_MB  # so a worker's peak is always its latest job's
        try:
            answer = pickle.dumps((result, retiring), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            answer = pickle.dumps((UnreadableFile(describe_failure(MemoryError(), job.file_type, limits)), True))
        answers.send_bytes(answer)
        if retiring:
            return


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent across exec)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


if __name__ == "__main__":
    _serve(int(sys.argv[1]))

