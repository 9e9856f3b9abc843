"""Many users at once: N headless browser sessions type queries into one app server for a while.

    .venv/bin/python scripts/load_app.py [--sessions 10] [--seconds 120] [--typing 0.1] [--reading 3] [--index DIR]

Each session opens the app and, in a loop, types a query as a person does (--typing seconds a key),
presses Enter, waits for the line the app draws after the last hit, and reads the hits for a moment
(--reading seconds) before the next query. --typing 0 --reading 0 sends queries back to back (the
box filled at once): a load no group of people makes, which shows what the machine can take.
Prints a table: queries answered, errors, query -> drawn hits p50 / p95, the server's memory
(resident, sampled every second) at the start, its peak and at the end, and the CPU time per query
of the server and of the browsers (which share the machine's cores here, but run on each user's
own computer in real use). Without --index it indexes corpus/ into a
temporary folder first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_app import CHROMIUM, FLAGS, QUERIES, REPO, serve  # noqa: E402
from bench_hostile import tree_rss_mb  # noqa: E402

# Waits for a text with a MutationObserver: Playwright's own wait polls the page, which keeps ten headless
# browsers busy on the server's cores for as long as they wait (measured: 32 -> 43 queries in 40 s).
# textContent, not innerText: innerText lays the page out again on every change it is asked about.
WAIT_FOR_TEXT = """text => {
    const state = {done: false};
    const check = () => { if (document.body.textContent.includes(text)) { state.done = true; observer.disconnect(); } };
    const observer = new MutationObserver(check);
    observer.observe(document.body, {childList: true, subtree: true, characterData: true});
    return state;
}"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def browser_cpu_seconds(seen: dict[int, float]) -> float:
    """CPU time of every Chromium process so far: seen keeps each one's last reading, so the time of a
    process that has ended still counts (those shorter than the sampling interval are missed)."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if b"chrom" in cmdline.read_bytes():
                seen[int(cmdline.parent.name)] = cpu_seconds(int(cmdline.parent.name))
        except (OSError, IndexError):
            continue  # ended meanwhile
    return sum(seen.values())


@dataclass(frozen=True)
class Pace:
    typing: float = 0.1  # seconds a key: 10 keys a second, a fast typist
    reading: float = 3.0  # seconds spent on the hits before the next query


def session(
    url: str, number: int, until: float, latencies: list[float], errors: list[str], pace: Pace, most: int = 10**9
) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(url, timeout=120_000)
            box = page.get_by_role("textbox", name="Search")
            box.wait_for(timeout=120_000)
            turn = number
            while time.time() < until and turn - number < most:
                query = f"{QUERIES[turn % len(QUERIES)]} {turn}"  # unique text: every query is a real search
                turn += 1
                if pace.typing:
                    box.fill("")
                    box.press_sequentially(query, delay=pace.typing * 1000)
                else:
                    box.fill(query)
                drawn = page.evaluate_handle(WAIT_FOR_TEXT, f"for “{query}”")  # armed before Enter
                begin = time.perf_counter()
                box.press("Enter")
                page.wait_for_function("drawn => drawn.done", arg=drawn, polling=50, timeout=60_000)
                latencies.append(time.perf_counter() - begin)
                time.sleep(pace.reading)
                if page.get_by_test_id("stException").count():
                    errors.append(f"session {number}: an exception on the page")
        except Exception as error:  # noqa: BLE001 - a failed session is a finding, not a crash of the script
            errors.append(f"session {number}: {type(error).__name__}: {str(error).splitlines()[0]}")
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--typing", type=float, default=Pace.typing, help="seconds a key (default %(default)s)")
    parser.add_argument("--reading", type=float, default=Pace.reading, help="seconds on the hits (default %(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-load-") as tmp:
        index_dir = args.index
        if index_dir is None:
            from kb.settings import Settings
            from kb.sync import sync_index

            index_dir = Path(tmp) / "index"
            sync_index([REPO / "corpus"], Settings(index_dir=index_dir))
        server, url = serve(index_dir)
        try:
            pace = Pace(args.typing, args.reading)
            warm = threading.Thread(target=session, args=(url, 0, time.time() + 300, [], [], Pace(0, 0), 1))  # index, model
            warm.start()
            warm.join()
            memory = [tree_rss_mb(server.pid)]
            browsers: dict[int, float] = {}
            server_cpu, browsers_cpu = cpu_seconds(server.pid), browser_cpu_seconds(browsers)
            latencies: list[float] = []
            errors: list[str] = []
            until = time.time() + args.seconds
            sessions = [
                threading.Thread(target=session, args=(url, n, until, latencies, errors, pace)) for n in range(args.sessions)
            ]
            for thread in sessions:
                thread.start()
            while any(thread.is_alive() for thread in sessions):
                memory.append(tree_rss_mb(server.pid))
                browser_cpu_seconds(browsers)
                time.sleep(1)
            server_cpu = cpu_seconds(server.pid) - server_cpu
            browsers_cpu = browser_cpu_seconds(browsers) - browsers_cpu
        finally:
            server.terminate()
            server.wait(timeout=30)
    ordered = sorted(latencies)
    p95 = ordered[round(0.95 * (len(ordered) - 1))] if ordered else float("nan")
    count = max(len(latencies), 1)
    print(
        "| sessions | seconds | typing / reading | queries | errors | p50 | p95 | server memory start/peak/end "
        "| CPU a query: server / browsers |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.sessions} | {args.seconds} | {args.typing:g} / {args.reading:g} s | {len(latencies)} | {len(errors)} | "
        f"{statistics.median(latencies) if latencies else float('nan'):.2f} s | {p95:.2f} s | "
        f"{memory[0]:,.0f} / {max(memory):,.0f} / {memory[-1]:,.0f} MB | "
        f"{server_cpu / count:.2f} / {browsers_cpu / count:.2f} s |"
    )
    for error in errors:
        print(error)


if __name__ == "__main__":
    main()
