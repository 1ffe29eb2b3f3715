"""Time from starting `toasoan serve` to its first 200 on GET /health.

    python benchmarks/bench_startup.py [--runs 5] [--data-dir PATH] [--events N]

Without --data-dir it builds a demo database in a temporary data folder (SQLite): `toasoan
migrate` and `toasoan demo`; if `demo` fails (e.g. its content files are missing) it seeds 200
items with benchmarks/seed.py instead and says so. With --data-dir it uses that folder as it is
(and DATABASE_URL if set). Each run starts the server with its default options, polls /health
every 10 ms and stops the server; prints every run, the median and the max against 5 s.
--events N first adds N already-handled item.save events of the past week (what a busy week of
saving leaves in the outbox; the start-up sweep reads them).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from _common import PYTHON, REPO, code_version, free_port, load_average

TARGET_S = 5.0
CLI = [PYTHON, "-m", "toasoan.cli"]


def run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=900)


def prepare_demo(folder: Path, env: dict[str, str]) -> str:
    """Migrate and load the demo (or the seed fallback); returns what was loaded."""
    done = run([*CLI, "migrate", "--noinput", "-v", "0"], env)
    if done.returncode != 0:
        raise RuntimeError(f"toasoan migrate failed:\n{done.stderr[-2000:]}")
    demo = run([*CLI, "demo"], env)
    if demo.returncode == 0:
        return "demo: " + demo.stdout.strip().splitlines()[0]
    last = (demo.stderr.strip().splitlines() or ["?"])[-1]
    print(f"bench_startup: `toasoan demo` failed ({last}); seeding 200 items with seed.py instead")
    seed = run([PYTHON, str(REPO / "benchmarks" / "seed.py"), "--items", "200"], env)
    if seed.returncode != 0:
        raise RuntimeError(f"seed.py failed:\n{seed.stdout[-1000:]}{seed.stderr[-2000:]}")
    return "seed.py --items 200 (demo content missing)"


def time_start(env: dict[str, str], timeout: float) -> float:
    port = free_port()
    url = f"http://127.0.0.1:{port}/health"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*CLI, "serve", "--addr", f"127.0.0.1:{port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while time.perf_counter() - started < timeout:
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                raise RuntimeError(f"serve exited with {proc.returncode}:\n{err[-2000:]}")
            try:
                if httpx.get(url, timeout=1.0).status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.01)
        raise RuntimeError(f"no 200 from /health within {timeout:.0f} s")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, help="use this data folder as it is")
    parser.add_argument("--timeout", type=float, default=120.0, help="give up after (s)")
    parser.add_argument(
        "--events",
        type=int,
        default=0,
        help="first add this many already-handled item.save events of the past week (seed.py)",
    )
    args = parser.parse_args()

    env = dict(os.environ)
    temp: Path | None = None
    try:
        if args.data_dir:
            env["TOASOAN_DATA_DIR"] = str(args.data_dir.resolve())
            what = f"existing data folder {args.data_dir}"
            if env.get("DATABASE_URL"):
                what += f" with DATABASE_URL={env['DATABASE_URL']}"
        else:
            temp = Path(tempfile.mkdtemp(prefix="toasoan-startup-"))
            env["TOASOAN_DATA_DIR"] = str(temp)
            env.pop("DATABASE_URL", None)
            what = f"{prepare_demo(temp, env)} in {temp} (SQLite)"
        if args.events:
            seed = [PYTHON, str(REPO / "benchmarks" / "seed.py"), "--items", "0"]
            added = run([*seed, "--events", str(args.events)], env)
            if added.returncode != 0:
                raise RuntimeError(
                    f"seed.py --events failed:\n{added.stdout}{added.stderr[-2000:]}"
                )
            what += f"; + {args.events} handled item.save events"
        print(f"bench_startup: {what}")
        print(f"bench_startup: {code_version()}; {load_average()}")
        times = []
        for n in range(1, args.runs + 1):
            seconds = time_start(env, args.timeout)
            times.append(seconds)
            print(f"run {n}: {seconds:.2f} s to first 200 on /health")
    except RuntimeError as exc:
        print(f"bench_startup: {exc}")
        return 1
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    worst, median = max(times), statistics.median(times)
    verdict = "PASS" if worst <= TARGET_S else "MISS"
    print(f"median {median:.2f} s, max {worst:.2f} s (target ≤ {TARGET_S:.0f} s): {verdict}")
    return 0 if verdict == "PASS" else 2


if __name__ == "__main__":
    sys.exit(main())
