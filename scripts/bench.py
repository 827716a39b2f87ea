#!/usr/bin/env python3
"""Measure how fast the site builds and how heavy its notebook pages are.

Works on a throw-away copy of the project with empty caches, so it neither
uses nor disturbs your .cache/ or site/. It measures:

1. a cold build: every notebook executed;
2. a warm build: nothing changed, so nothing should be executed;
3. an edit while `mkdocs serve` runs: the time from touching one Markdown
   page to the browser reload, and how many notebooks that executed;
4. each notebook's run time (from the cold build) and the HTML bytes of the
   largest notebook page.

It prints a table; nothing here is a pass/fail test.

With --suite it times the test suite instead, in this checkout, with its
caches as they are (warm): `make test-fast` after a one-page edit, and
`make test`. The budgets they answer to are in CONTRIBUTING.md.

Usage: scripts/bench.py [--page docs/skills/evaluation.md] [--suite]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from rules import PROJECT_FILES  # noqa: E402

EXECUTING = re.compile(r"Executing (examples/\S+\.ipynb)")


def copy_project(target: Path) -> None:
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)


def build(project: Path, env: dict) -> tuple[float, int, str]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "scripts/build.py", "--site-dir", "site"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - started
    output = done.stdout + done.stderr
    if done.returncode:
        sys.exit(f"The build failed; fix it before benchmarking:\n{output[-3000:]}")
    return seconds, len(EXECUTING.findall(output)), output


def serve_edit(project: Path, env: dict, page: str) -> tuple[float, int]:
    """Seconds from touching PAGE to mkdocs serve's browser reload, and notebooks executed meanwhile."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stdout], daemon=True).start()

    def wait_for(pattern: str, timeout: float) -> list[str]:
        seen, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            seen.append(line)
            if re.search(pattern, line):
                return seen
        server.kill()
        sys.exit(f"mkdocs serve did not print {pattern!r} within {timeout:.0f} s:\n{''.join(seen)[-3000:]}")

    try:
        wait_for(r"Serving on", 600)
        time.sleep(1.5)  # let the file watcher settle
        target = project / page
        started = time.monotonic()
        target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        seen = wait_for(r"Reloading browsers|Documentation built in", 300)
        seconds = time.monotonic() - started
        return seconds, sum(len(EXECUTING.findall(line)) for line in seen)
    finally:
        server.terminate()
        server.wait(timeout=30)


def suite(page: str) -> int:
    """Wall time of `make test-fast` after touching PAGE, and of a warm `make test`, in this checkout."""
    rows = []
    target = ROOT / page
    original = target.read_bytes()
    try:
        target.write_bytes(original + b"\n")  # the edit: the build must notice it
        rows.append((f"make test-fast after editing {page}", _timed(["make", "test-fast"])))
    finally:
        target.write_bytes(original)
    rows.append(("make test (warm: environment and notebooks cached)", _timed(["make", "test"])))
    print(f"\n{'measure':<60} {'wall time':>10}")
    for name, seconds in rows:
        print(f"{name:<60} {seconds:>9.0f}s")
    return 0


def _timed(command: list[str]) -> float:
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, check=False)
    if done.returncode:
        sys.exit(f"`{' '.join(command)}` failed; fix it before benchmarking")
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default="docs/skills/evaluation.md", help="the Markdown page to touch while serving")
    parser.add_argument("--suite", action="store_true", help="time make test-fast and make test in this checkout instead")
    args = parser.parse_args(argv)
    if args.suite:
        return suite(args.page)
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as scratch:
        project = Path(scratch) / "handbook"
        copy_project(project)
        env = dict(os.environ, HANDBOOK_CACHE_DIR=str(project / ".cache"), NO_MKDOCS_2_WARNING="1")
        env.pop("SITE_URL", None)
        print(f"Benchmarking a copy of the project in {project} ({os.cpu_count()} CPU cores)\n", flush=True)
        cold, cold_runs, _ = build(project, env)
        warm, warm_runs, _ = build(project, env)
        edit, edit_runs = serve_edit(project, env, args.page)

        pages = [path for path in (project / "site" / "examples").glob("*/index.html")]
        largest = max(pages, key=lambda path: path.stat().st_size) if pages else None
        records = sorted((project / ".cache" / "notebooks").glob("*/inputs.json"))
        per_notebook = []
        for record in records:
            notebook = next((record.parent / "examples").glob("*.ipynb"))
            per_notebook.append((notebook.name, json.loads(record.read_text())["seconds"]))

        print(f"{'measure':<52} {'value':>12} {'notebooks run':>14}")
        print(f"{'cold build (empty caches)':<52} {cold:>11.1f}s {cold_runs:>14}")
        print(f"{'warm build (nothing changed)':<52} {warm:>11.1f}s {warm_runs:>14}")
        print(f"{'mkdocs serve: touch ' + args.page + ' to reload':<52} {edit:>11.1f}s {edit_runs:>14}")
        if largest:
            relative = largest.relative_to(project / "site").as_posix()
            print(f"{'largest notebook page (' + relative + ')':<52} {largest.stat().st_size:>10,} B")
        print(f"\n{'notebook':<52} {'run time':>12}")
        for name, seconds in sorted(per_notebook, key=lambda item: -item[1]):
            print(f"{name:<52} {seconds:>11.1f}s")
        print(
            f"{'total (executed in parallel on ' + str(os.cpu_count()) + ' cores)':<52} {sum(s for _, s in per_notebook):>11.1f}s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
