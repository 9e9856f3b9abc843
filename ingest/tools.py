"""Run a reading tool (antiword, catdoc, LibreOffice) as a child process with a time limit and a CPU-time limit; on
timeout it is killed with every process it started. For the readers of the formats only such a tool reads (DOC, PPT).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path

from kb.errors import UnreadableFile, one_line

TOOL_SECONDS = 60  # antiword, catdoc or LibreOffice on one file; less than the worker's own limit


def run_tool(command: list[str], folder: str) -> subprocess.CompletedProcess:
    """Run a reading tool with a time limit. On timeout the tool is killed with every process it started
    (LibreOffice's `soffice` is a script whose child does the work): they stay in the worker's process group, so a
    worker stopped for its own time limit takes them with it."""
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        errors="replace",
        cwd=folder,
        preexec_fn=_limit_cpu,  # safe here: a worker process runs one thread
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=TOOL_SECONDS)
        except subprocess.TimeoutExpired:
            for pid in _process_tree(process.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            process.communicate()
            raise UnreadableFile(f"took longer than {TOOL_SECONDS} s to read ({Path(command[0]).name})") from None
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _process_tree(root: int) -> list[int]:
    """root and every process it started, and they started (from /proc: the parent of each)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])  # the name, in brackets, may hold spaces
            children.setdefault(parent, []).append(int(stat.parent.name))
    tree, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        tree.append(pid)
        waiting += children.get(pid, [])
    return tree


def _limit_cpu() -> None:
    """In the child: a CPU-time limit the kernel enforces, even if the worker that started it is killed."""
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (TOOL_SECONDS, TOOL_SECONDS))


def tool_message(stderr: str, path: Path) -> str:
    lines = [line for line in stderr.replace(str(path), "the file").splitlines() if line.strip()]
    return one_line(RuntimeError(lines[0])) if lines else "unreadable"
