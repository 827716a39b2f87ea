#!/usr/bin/env python3
"""Execute the example notebooks in examples/, with a cache, in parallel.

Each notebook runs in a fresh kernel whose working directory is a temporary
copy of examples/ (what it writes is thrown away), with PYTHONHASHSEED fixed,
no network (scripts/notebook_sandbox.py), and a time budget for the whole
notebook: ``handbook.timeout`` in its metadata, 120 seconds by default.

The executed copy is cached under .cache/notebooks/ (or $HANDBOOK_CACHE_DIR).
A notebook runs again only when its own source, a lock file (requirements.lock,
requirements-torch.lock), or a file
of examples/ that it used changes. "Used" means opened during the run (a
helper module it imported, a data file it read) or named in its code, which
also catches files read by native code such as DuckDB.

The site build (overrides/hooks/notebooks.py) calls this module; learners run
it through `make examples` and `make example NB=name`.

Usage: scripts/run_notebooks.py [NAME ...] [--force] [--jobs N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from traitlets.config import Config

from rules import MAX_DESCRIPTION

ROOT = Path(__file__).resolve().parent.parent
SANDBOX = Path(__file__).resolve().parent / "notebook_sandbox.py"

# Bump when the way notebooks are executed changes, to invalidate every cache entry.
EXECUTION_VERSION = "3"
LOCKS = ("requirements.lock", "requirements-torch.lock")  # the environment the kernels run in
DEFAULT_BUDGET = 120  # seconds for the whole notebook; handbook.timeout overrides it
REQUIRED_METADATA = ("description", "chapter")
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_OFFLINE_MARKS = ("HF_HUB_OFFLINE", "OfflineModeIsEnabled", "outgoing traffic has been disabled", "offline mode")
_URL_HOST = re.compile(r"https?://([A-Za-z0-9.-]+)")
_NOT_INPUTS = shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints", "__pycache__", ".*")


class NotebookError(Exception):
    """A notebook that cannot be a page: the message starts with its path."""


@dataclass
class Run:
    source: Path  # examples/name.ipynb, relative to the project
    executed: Path  # the executed copy in the cache
    meta: dict  # the notebook's "handbook" metadata
    seconds: float  # how long the run that produced the executed copy took
    ran: bool  # executed now (True) or taken from the cache (False)

    @property
    def name(self) -> str:
        return self.source.stem

    @property
    def inputs(self) -> list[str]:
        """The files of examples/ the run used (paths relative to examples/), as the cache recorded them."""
        record = json.loads((self.executed.parent.parent / "inputs.json").read_text(encoding="utf-8"))
        return sorted(record["inputs"])


def cache_root() -> Path:
    return Path(os.environ.get("HANDBOOK_CACHE_DIR", ROOT / ".cache")) / "notebooks"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_source(path: Path, nb: nbformat.NotebookNode) -> dict:
    """Reject a notebook that would not make a good page; return its handbook metadata."""
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
            raise NotebookError(
                f"{path}: cell {number} holds stored outputs or an execution count. "
                f"Notebooks are stored without outputs: run `.venv/bin/nbstripout --keep-id {path}` and commit again."
            )
    meta = nb.metadata.get("handbook")
    missing = [key for key in REQUIRED_METADATA if not (meta or {}).get(key)]
    if missing:
        raise NotebookError(
            f"{path}: notebook metadata 'handbook' lacks {', '.join(missing)}. "
            'Add e.g. "handbook": {"description": "...", "chapter": "skills/evaluation.md"} '
            "to the notebook's metadata."
        )
    if str(meta.get("description", "")).startswith("TODO"):
        raise NotebookError(f"{path}: handbook.description is still the template's placeholder; write the notebook's own.")
    if len(str(meta["description"]).strip()) > MAX_DESCRIPTION:
        raise NotebookError(
            f"{path}: handbook.description has {len(str(meta['description']).strip())} characters; "
            f"the limit is {MAX_DESCRIPTION} (it becomes the page's meta description)."
        )
    if not nb.cells or nb.cells[0].cell_type != "markdown" or not nb.cells[0].source.lstrip().startswith("# "):
        raise NotebookError(f"{path}: cell 1 must be a Markdown cell that starts with the '# Title' of the page.")
    budget = meta.get("timeout", DEFAULT_BUDGET)
    if not isinstance(budget, (int, float)) or budget <= 0:
        raise NotebookError(f"{path}: handbook.timeout must be a number of seconds, not {budget!r}.")
    return dict(meta)


def _runner_key(root: Path) -> bytes:
    """What changes every result: this runner, the sandbox, the Python version and the locked environment."""
    parts = [EXECUTION_VERSION.encode(), sys.version.encode(), Path(__file__).read_bytes(), SANDBOX.read_bytes()]
    parts += [(root / name).read_bytes() for name in LOCKS if (root / name).exists()]
    return b"\0".join(parts)


class Cache:
    """One entry per (notebook bytes, runner, environment); valid while its recorded inputs are unchanged."""

    def __init__(self, source: Path, root: Path = ROOT) -> None:
        self.source, self.root = source, root
        key = _sha(_runner_key(root) + (root / source).read_bytes())
        self.dir = cache_root() / key[:20]
        self.executed = self.dir / "examples" / source.name
        self.record = self.dir / "inputs.json"

    def lookup(self) -> float | None:
        """Seconds the cached run took, or None if there is no valid cached run."""
        if not (self.executed.exists() and self.record.exists()):
            return None
        record = json.loads(self.record.read_text(encoding="utf-8"))
        for name, digest in record["inputs"].items():
            path = self.root / "examples" / name
            if not path.is_file() or _sha(path.read_bytes()) != digest:
                return None
        os.utime(self.record)  # last used now: evict_unused() keeps it
        return record["seconds"]

    def store(self, nb: nbformat.NotebookNode, inputs: list[str], seconds: float) -> None:
        """Write the entry atomically: two processes may run the same notebook into the same cache."""
        self.executed.parent.mkdir(parents=True, exist_ok=True)
        unique = f".{os.getpid()}-{threading.get_ident()}.partial"
        partial, record = self.executed.with_suffix(unique), self.record.with_suffix(unique)
        nbformat.write(nb, partial)
        digests = {name: _sha((self.root / "examples" / name).read_bytes()) for name in sorted(inputs)}
        record.write_text(json.dumps({"inputs": digests, "seconds": round(seconds, 1)}, indent=1), encoding="utf-8")
        self.executed.unlink(missing_ok=True)  # no moment where a new record vouches for an old notebook
        record.replace(self.record)
        partial.replace(self.executed)  # last: an interrupted run leaves no valid entry


UNUSED_DAYS = 14  # an entry no run has used for this long is deleted


def evict_unused(days: float = UNUSED_DAYS) -> list[Path]:
    """Delete cache entries that no run has used for DAYS (old versions of notebooks, of the lock...)."""
    cutoff, evicted = time.time() - days * 86400, []
    for entry in cache_root().glob("*/"):
        record = entry / "inputs.json"
        used = record.stat().st_mtime if record.exists() else entry.stat().st_mtime
        if used < cutoff:
            shutil.rmtree(entry, ignore_errors=True)
            evicted.append(entry)
    return evicted


def inputs_of(nb: nbformat.NotebookNode, traced: set[str], examples: Path) -> list[str]:
    """The files of examples/ a run depended on: traced opens, plus files named in its code."""
    candidates = {
        path.relative_to(examples).as_posix()
        for path in examples.rglob("*")
        if path.is_file()
        and path.suffix != ".ipynb"
        and not any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(examples).parts)
    }
    used = traced & candidates
    texts = ["\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")]
    texts += [(examples / name).read_text(encoding="utf-8", errors="replace") for name in used if name.endswith(".py")]
    for name in candidates - used:
        if any(name in text or Path(name).name in text for text in texts):
            used.add(name)
    return sorted(used)


def _offline_hint(details: str) -> str:
    """What to do when a cell failed because a hub library found itself offline; "" for any other failure."""
    if not any(mark in details for mark in _OFFLINE_MARKS):
        return ""
    # The host is on the line that says what could not be reached, not on any line with a URL.
    hosts = [_URL_HOST.search(line) for line in details.splitlines() if "reach" in line or "connect" in line]
    host = next((match.group(1) for match in hosts if match), None)
    tried = f" (the cell tried to reach {host})" if host else ""
    return (
        f"\nNotebooks run offline{tried}: the runner sets HF_HUB_OFFLINE=1 and the kernel refuses network "
        "connections. Build the model from a config and train it in the notebook; show the from_pretrained "
        "line in a Markdown cell instead of running it."
    )


def execute(
    source: Path, nb: nbformat.NotebookNode, budget: float, root: Path = ROOT, threads: int = 1
) -> tuple[float, list[str]]:
    """Run NB in place with THREADS math-library threads; return (seconds, inputs used). Raises NotebookError naming the cell."""
    examples = root / "examples"
    with tempfile.TemporaryDirectory(prefix="handbook-run-") as scratch:
        workdir = Path(scratch) / "examples"
        shutil.copytree(examples, workdir, ignore=_NOT_INPUTS)
        trace = Path(scratch) / "opened.txt"
        trace.touch()
        env = dict(
            os.environ,
            PYTHONHASHSEED="0",
            PYTHONDONTWRITEBYTECODE="1",
            MPLBACKEND="module://matplotlib_inline.backend_inline",
            HANDBOOK_SANDBOX_DIR=str(workdir),
            HANDBOOK_TRACE=str(trace),
            # The sandbox refuses the Hugging Face Hub like any other host, but huggingface_hub
            # retries a refused connection five times (about 25 s per file) and then reports a
            # generic "check your connection". In offline mode it fails at once, naming the URL.
            HF_HUB_OFFLINE="1",
            HF_HUB_DISABLE_TELEMETRY="1",
            TOKENIZERS_PARALLELISM="false",  # tokenizers' thread pool would warn after the kernel forks
        )
        # Notebooks run side by side: each BLAS/OpenMP pool gets its share of
        # the cores, or they oversubscribe them (one MLP fit went from 7 s to
        # 146 s with every kernel starting a thread per core).
        for variable in THREAD_VARIABLES:
            env.setdefault(variable, str(threads))
        # Unix sockets instead of TCP ports: the kernel listens on no network port.
        config = Config({"KernelManager": {"transport": "ipc", "ip": str(Path(scratch) / "kernel")}})
        started = time.monotonic()
        current = {"cell": 0}

        def remaining(cell: nbformat.NotebookNode) -> int:
            current["cell"] = nb.cells.index(cell) + 1
            return max(1, int(budget - (time.monotonic() - started) + 0.999))

        client = NotebookClient(
            nb,
            config=config,
            kernel_name="python3",
            timeout_func=remaining,
            allow_errors=False,
            record_timing=False,
            resources={"metadata": {"path": str(workdir)}},
            extra_arguments=[f"--IPKernelApp.exec_lines=import runpy as _r; _r.run_path({str(SANDBOX)!r}); del _r"],
        )
        try:
            client.execute(env=env)
        except CellTimeoutError:
            raise NotebookError(
                f"{source}: cell {current['cell']} was still running when the notebook's time budget of "
                f"{budget:g} s ran out. Make it faster, or raise handbook.timeout in the notebook's metadata."
            ) from None
        except DeadKernelError:
            raise NotebookError(
                f"{source}: the kernel died while running cell {current['cell']}, most often because it ran out of "
                "memory. Use less data or smaller models, or free memory (del, gc.collect()) between steps."
            ) from None
        except CellExecutionError as error:
            number = next(
                (
                    n
                    for n, cell in enumerate(nb.cells, 1)
                    if any(o.get("output_type") == "error" for o in cell.get("outputs", []))
                ),
                None,
            )
            where = f"cell {number}" if number else "a cell"
            details = _ANSI.sub("", str(error))
            raise NotebookError(
                f"{source}: {where} raised {error.ename}: {error.evalue}{_offline_hint(details)}\n{details}"
            ) from None
        except Exception as error:  # noqa: BLE001 - a kernel that cannot start, a broken kernelspec, ...
            where = f"cell {current['cell']}" if current["cell"] else "before its first cell (the kernel did not start)"
            raise NotebookError(f"{source}: {where}: {type(error).__name__}: {error}") from None
        seconds = time.monotonic() - started
        traced = set(trace.read_text(encoding="utf-8").split())
    return seconds, inputs_of(nb, traced, examples)


def run(source: Path, force: bool = False, root: Path = ROOT, log=print, threads: int = 1) -> Run:
    """The executed copy of SOURCE (relative to ROOT), running it if the cache has none."""
    nb = nbformat.read(root / source, as_version=4)
    meta = check_source(source, nb)
    cache = Cache(source, root)
    seconds = None if force else cache.lookup()
    if seconds is not None:
        return Run(source, cache.executed, meta, seconds, ran=False)
    log(f"Executing {source}")
    seconds, inputs = execute(source, nb, float(meta.get("timeout", DEFAULT_BUDGET)), root, threads)
    nb.metadata["handbook"]["run_seconds"] = round(seconds, 1)
    cache.store(nb, inputs, seconds)
    return Run(source, cache.executed, meta, seconds, ran=True)


def run_all(sources: list[Path], force: bool = False, jobs: int | None = None, root: Path = ROOT, log=print) -> list[Run]:
    """Run SOURCES in parallel; raise one NotebookError listing every notebook that failed."""
    evict_unused()
    cores = os.cpu_count() or 1
    jobs = jobs or cores
    threads = max(1, cores // max(1, min(jobs, len(sources))))
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run, source, force, root, log, threads) for source in sources]
    results, errors = [], []
    for source, future in zip(sources, futures, strict=True):
        try:
            results.append(future.result())
        except NotebookError as error:
            errors.append(str(error))
        except Exception as error:  # noqa: BLE001 - never hide the other notebooks' results behind one crash
            errors.append(f"{source}: the runner failed: {type(error).__name__}: {error}")
    if errors:
        raise NotebookError("\n\n".join(errors))
    return results


def notebooks(root: Path = ROOT) -> list[Path]:
    return sorted(path.relative_to(root) for path in (root / "examples").glob("*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], epilog="Without NAME, runs every notebook in examples/."
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="a notebook's file name, with or without .ipynb")
    parser.add_argument("--force", action="store_true", help="run even if the cache holds a run for the same inputs")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks to run at once (default: one per CPU core)")
    args = parser.parse_args(argv)
    available = notebooks()
    sources = available
    if args.names:
        by_name = {path.stem: path for path in available}
        unknown = [name for name in args.names if name.removesuffix(".ipynb").removeprefix("examples/") not in by_name]
        if unknown:
            print(
                f"No notebook named {', '.join(unknown)} in examples/. There are: {', '.join(sorted(by_name))}", file=sys.stderr
            )
            return 2
        sources = [by_name[name.removesuffix(".ipynb").removeprefix("examples/")] for name in args.names]
    started = time.monotonic()
    try:
        results = run_all(sources, force=args.force, jobs=args.jobs)
    except NotebookError as error:
        print(f"\n{error}", file=sys.stderr)
        return 1
    print(f"\n{'notebook':<44} {'status':<8} {'run time':>9}")
    for result in results:
        status = "ran" if result.ran else "cached"
        print(f"{str(result.source):<44} {status:<8} {result.seconds:>8.1f}s")
    print(
        f"\n{len(results)} notebooks in {time.monotonic() - started:.1f} s. Executed copies (with outputs) are in {cache_root()}/."
    )
    if not args.force and not any(result.ran for result in results):
        print("Nothing changed since the last run; add FORCE=1 (make) or --force to run them again.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
