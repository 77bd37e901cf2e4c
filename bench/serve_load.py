"""A class checking ps1 at once against `backprop-lab serve`: throughput, latency, failures, memory.

    .venv/bin/python bench/serve_load.py [--students 50] [--checks 3] [--workers N] [--queue Q]

Makes a throw-away course, one token per student, starts `backprop-lab serve` on a free
127.0.0.1 port (stopped at the end), then every student checks their own ps1 notebook (a correct
one, a known mistake or the released stubs, as a class would) `--checks` times in a row, all
students at once. Prints requests per second, median and 95th-percentile latency, failed
requests (anything but 200), and the server's memory: its own peak RSS and the peak of the
server with every process under it (the sandboxes). A script, not a test: numbers depend on
the machine and its load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
AID = "ps1_softmax_loss"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def notebooks(n: int) -> list[dict]:
    """One notebook per student: correct ways, known mistakes and blanks, as in a class."""
    from autograder.checks.framework import solutions_dir
    from autograder.course.build import build_notebook, stub_source
    from autograder.course.demo import fill
    from autograder.course.examples import examples

    released = build_notebook(AID)
    for cell in released.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = stub_source(cell.source)
    reference = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")
    variants = [fill(released, reference + "\n" + e.source()) for e in examples(AID)] + [released]
    return [json.loads(nbformat.writes(variants[i % len(variants)])) for i in range(n)]


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree(pid: int) -> list[int]:
    from autograder.sandbox.box import descendants

    return [pid, *descendants(pid)]


class MemoryWatch(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.server_peak, self.tree_peak, self.running = pid, 0, 0, True

    def run(self) -> None:
        while self.running:
            self.server_peak = max(self.server_peak, rss_kib(self.pid))
            self.tree_peak = max(self.tree_peak, sum(rss_kib(p) for p in tree(self.pid)))
            time.sleep(0.2)


async def student(client: httpx.AsyncClient, url: str, token: str, notebook: dict, checks: int, out: list) -> None:
    for _ in range(checks):
        started = time.perf_counter()
        try:
            response = await client.post(f"{url}/api/v1/check", json={"assignment": AID, "notebook": notebook},
                                         headers={"Authorization": f"token {token}"})
            status = response.status_code
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        out.append((status, time.perf_counter() - started))


async def load(url: str, tokens: dict[str, str], books: list[dict], checks: int) -> tuple[list, float]:
    results: list = []
    limits = httpx.Limits(max_connections=len(tokens) + 5)
    async with httpx.AsyncClient(timeout=900, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(student(client, url, tokens[s], books[i], checks, results)
                               for i, s in enumerate(tokens)))
        return results, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--checks", type=int, default=3, help="checks per student, one after the other")
    parser.add_argument("--workers", type=int, default=0, help="grading workers (default: the server's, cores - 1)")
    parser.add_argument("--queue", type=int, default=0, help="the server's queue (default: the server's)")
    args = parser.parse_args()

    from autograder.service.store import Store

    course = Path(tempfile.mkdtemp(prefix="backprop-lab-serve-load-"))
    server = None
    try:
        (course / "nbgrader_config.py").write_text(
            f"c = get_config()\nc.CourseDirectory.db_url = 'sqlite:///{course / 'gradebook.db'}'\n"
            f"c.BackpropServe.attempts = {args.checks}\n", encoding="utf-8")
        print("making the course (nbgrader gradebook) and tokens …", flush=True)
        store = Store(f"sqlite:///{course / 'gradebook.db'}")
        tokens = {f"s{i:03d}": store.issue_token(f"s{i:03d}") for i in range(args.students)}
        store.close()
        books = notebooks(args.students)
        port = free_port()
        cmd = [sys.executable, "-m", "autograder", "serve", "--course", str(course), "--port", str(port)]
        cmd += ["--workers", str(args.workers)] if args.workers else []
        cmd += ["--queue", str(args.queue)] if args.queue else []
        server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(course / "serve.log", "wb"))
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                health = httpx.get(f"{url}/healthz", timeout=2).json()
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"the server did not start: {(course / 'serve.log').read_text()}")
        idle = rss_kib(server.pid)
        watch = MemoryWatch(server.pid)
        watch.start()
        print(f"{args.students} students × {args.checks} checks of {AID}; server: {health['workers']} grading "
              f"worker(s), room for {health['capacity']} requests at once; {os.cpu_count()} cores", flush=True)
        results, elapsed = asyncio.run(load(url, tokens, books, args.checks))
        watch.running = False
        watch.join()
        latencies = sorted(t for status, t in results if status == 200)
        failed: dict = {}
        for status, _ in results:
            if status != 200:
                failed[status] = failed.get(status, 0) + 1
        p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else float("nan")
        print(f"requests:        {len(results)} in {elapsed:.1f} s = {len(results) / elapsed:.2f} per second")
        print(f"latency:         median {statistics.median(latencies) if latencies else float('nan'):.2f} s, "
              f"95th percentile {p95:.2f} s, max {max(latencies, default=float('nan')):.2f} s")
        print(f"failed requests: {sum(failed.values())} {failed if failed else ''}")
        print(f"server memory:   {idle / 1024:.0f} MiB idle, peak {watch.server_peak / 1024:.0f} MiB "
              f"(with its sandboxes: peak {watch.tree_peak / 1024:.0f} MiB)")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(course, ignore_errors=True)


if __name__ == "__main__":
    main()
