"""Ingest a batch of good and hostile files and measure what it costs: wall time and peak memory of `kb ingest`
with its worker processes, against the good files alone (the baseline, measured in the same run).

    .venv/bin/python scripts/bench_hostile.py            # full size: a DOCX inflating to 3 GB, a 1 GB Flate bomb, a 45 MB line
    .venv/bin/python scripts/bench_hostile.py --small    # 300 MB bombs, an 8 MB line: a minute

Prints each hostile file's report line, then a table. The batch is built in a temporary folder.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from hostile import write_hostile_batch  # noqa: E402

KB = REPO / ".venv" / "bin" / "kb"


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        pid = int(status.parent.name)
        children.setdefault(int(fields["PPid"]), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total / 1024


def run_ingest(folders: list[Path], index_dir: Path) -> tuple[float, float, str]:
    """(seconds, peak MB of kb ingest and its workers, output)."""
    started = time.perf_counter()
    process = subprocess.Popen([str(KB), "ingest", *map(str, folders), "--index", str(index_dir)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_mb(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    output, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode:
        sys.exit(f"kb ingest failed:\n{output}")
    return time.perf_counter() - started, peak, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="300 MB bombs and an 8 MB line instead of 3 GB / 1 GB / 45 MB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        good = work / "good"
        shutil.copytree(REPO / "corpus", good)
        hostile = work / "hostile"
        print("building the hostile files…", flush=True)
        write_hostile_batch(hostile, bomb_mb=300 if args.small else 3000, text_mb=8 if args.small else 45)
        base_seconds, base_peak, _ = run_ingest([good], work / "index-good")
        seconds, peak, output = run_ingest([good, hostile], work / "index-all")
        print("\n".join(line for line in output.splitlines() if line.startswith(("skipped", "new"))))
        files = sum(1 for _ in hostile.iterdir())
        print("\n| kb ingest of | files | seconds | peak memory (kb + workers) |\n|---|---|---|---|")
        print(f"| corpus/ alone (baseline) | {sum(1 for _ in good.iterdir())} | {base_seconds:.1f} | {base_peak:,.0f} MB |")
        print(f"| corpus/ + hostile files | {sum(1 for _ in good.iterdir()) + files} | {seconds:.1f} | {peak:,.0f} MB |")


if __name__ == "__main__":
    main()
