"""scripts/run_notebooks.py: fresh offline kernels, a time budget, and a cache keyed on what a notebook used.

These tests run small notebooks in real kernels inside a scratch project, so
they are marked slow (a few seconds each) and share nothing with .cache/.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import run_notebooks  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with examples/ and a lock file, and its own notebook cache."""
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "examples" / "data").mkdir(parents=True)
    (tmp_path / "requirements.lock").write_text("numpy==1\n")
    return tmp_path


def write_notebook(root: Path, name: str, *code: str, timeout: float | None = None) -> Path:
    nb = new_notebook(cells=[new_markdown_cell(f"# {name}")] + [new_code_cell(source) for source in code])
    nb.metadata["handbook"] = {"description": "A test notebook.", "chapter": "skills/evaluation.md"}
    if timeout:
        nb.metadata["handbook"]["timeout"] = timeout
    path = root / "examples" / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path.relative_to(root)


def ran(root: Path) -> set[str]:
    """Names of the notebooks that executed in a run of the whole examples/ folder."""
    return {run.name for run in run_notebooks.run_all(run_notebooks.notebooks(root), root=root, log=lambda _: None) if run.ran}


def test_a_notebook_runs_again_only_when_something_it_used_changed(scratch: Path) -> None:
    (scratch / "examples" / "churn.py").write_text("def rows():\n    return open('data/rows.csv').read()\n")
    (scratch / "examples" / "data" / "rows.csv").write_text("a\n1\n")
    (scratch / "examples" / "unrelated.py").write_text("X = 1\n")
    write_notebook(scratch, "uses-helper", "import churn", "print(churn.rows())")
    write_notebook(scratch, "standalone", "print(2 + 2)")

    assert ran(scratch) == {"uses-helper", "standalone"}, "a cold cache runs everything"
    assert ran(scratch) == set(), "nothing changed, nothing runs"

    (scratch / "examples" / "unrelated.py").write_text("X = 2\n")
    assert ran(scratch) == set(), "a file no notebook used is not an input"

    (scratch / "examples" / "data" / "rows.csv").write_text("a\n2\n")
    assert ran(scratch) == {"uses-helper"}, "a data file read through a helper is an input"

    (scratch / "examples" / "churn.py").write_text("def rows():\n    return 'changed'\n")
    assert ran(scratch) == {"uses-helper"}, "an imported helper module is an input"

    (scratch / "requirements.lock").write_text("numpy==2\n")
    assert ran(scratch) == {"uses-helper", "standalone"}, "new locked dependencies run everything"


def test_a_file_named_in_the_code_is_an_input_even_if_native_code_reads_it(scratch: Path) -> None:
    (scratch / "examples" / "data" / "sales.parquet").write_bytes(b"not really parquet")
    write_notebook(scratch, "duckdb-like", "query = \"SELECT * FROM 'data/sales.parquet'\"")
    assert ran(scratch) == {"duckdb-like"}
    (scratch / "examples" / "data" / "sales.parquet").write_bytes(b"changed")
    assert ran(scratch) == {"duckdb-like"}


def test_outputs_are_deterministic_and_files_written_stay_out_of_examples(scratch: Path) -> None:
    source = write_notebook(scratch, "writes", "print(hash('handbook'))", "open('model.txt', 'w').write('weights')")

    def outputs() -> list:
        return [cell.get("outputs") for cell in nbformat.read(run.executed, as_version=4).cells]

    run = run_notebooks.run(source, root=scratch, log=lambda _: None)
    first = outputs()
    run = run_notebooks.run(source, force=True, root=scratch, log=lambda _: None)
    assert run.ran and outputs() == first, "the same notebook printed different outputs: is PYTHONHASHSEED fixed?"
    assert not (scratch / "examples" / "model.txt").exists(), "the notebook wrote into examples/"


def test_network_access_is_refused_naming_notebook_and_cell(scratch: Path) -> None:
    source = write_notebook(
        scratch, "downloads", "x = 1", "import urllib.request\nurllib.request.urlopen('https://example.com/data.csv')"
    )
    with pytest.raises(
        run_notebooks.NotebookError,
        match=r"examples/downloads\.ipynb: cell 3 raised URLError: .*network access is disabled.*example\.com:443",
    ):
        run_notebooks.run(source, root=scratch, log=lambda _: None)


@pytest.mark.parametrize(
    "download",
    [
        "import transformers\ntransformers.AutoTokenizer.from_pretrained('gpt2')",
        "import huggingface_hub\nhuggingface_hub.hf_hub_download('gpt2', 'config.json')",
    ],
    ids=["transformers", "huggingface_hub"],
)
def test_a_model_hub_download_fails_fast_naming_notebook_cell_and_host(scratch: Path, download: str) -> None:
    # huggingface_hub turns a refused connection into a retried, generic "check your connection" error;
    # the runner's offline mode must keep the host in the message, and fail in seconds, not minutes.
    source = write_notebook(scratch, "hub", "x = 1", download, timeout=60)
    with pytest.raises(run_notebooks.NotebookError) as error:
        run_notebooks.run(source, root=scratch, log=lambda _: None)
    first_lines = "\n".join(str(error.value).splitlines()[:4])
    assert "examples/hub.ipynb: cell 3 raised" in first_lines
    assert "huggingface.co" in first_lines
    assert "Notebooks run offline" in first_lines


def test_a_raw_socket_to_another_host_is_refused(scratch: Path) -> None:
    source = write_notebook(scratch, "socket", "import socket\nsocket.create_connection(('192.0.2.1', 80), timeout=1)")
    with pytest.raises(
        run_notebooks.NotebookError, match=r"examples/socket\.ipynb: cell 2 raised PermissionError: network access is disabled"
    ):
        run_notebooks.run(source, root=scratch, log=lambda _: None)


def test_reading_a_missing_file_names_notebook_cell_and_file(scratch: Path) -> None:
    source = write_notebook(scratch, "missing-data", "import pandas as pd\npd.read_csv('data/customers.csv')")
    with pytest.raises(
        run_notebooks.NotebookError, match=r"examples/missing-data\.ipynb: cell 2 raised FileNotFoundError: .*data/customers\.csv"
    ):
        run_notebooks.run(source, root=scratch, log=lambda _: None)


def test_a_notebook_over_its_time_budget_is_stopped_naming_the_cell(scratch: Path) -> None:
    # The budget covers kernel start-up too: 15 s leaves room on a loaded machine.
    source = write_notebook(scratch, "slow", "import time", "time.sleep(120)", timeout=15)
    with pytest.raises(
        run_notebooks.NotebookError,
        match=r"examples/slow\.ipynb: cell 3 was still running when the notebook's time budget of 15 s ran out",
    ):
        run_notebooks.run(source, root=scratch, log=lambda _: None)


def test_every_failing_notebook_is_reported_not_just_the_first(scratch: Path) -> None:
    write_notebook(scratch, "first-broken", "raise ValueError('one')")
    write_notebook(scratch, "second-broken", "raise KeyError('two')")
    write_notebook(scratch, "fine", "1")
    with pytest.raises(run_notebooks.NotebookError) as error:
        run_notebooks.run_all(run_notebooks.notebooks(scratch), root=scratch, log=lambda _: None)
    assert re.search(r"first-broken\.ipynb: cell 2 raised ValueError", str(error.value))
    assert re.search(r"second-broken\.ipynb: cell 2 raised KeyError", str(error.value))


def test_notebooks_run_in_parallel(scratch: Path) -> None:
    for name in ("a", "b"):
        write_notebook(scratch, name, "import time\nstart = time.time()\ntime.sleep(2)\nprint(start, time.time())")
    runs = run_notebooks.run_all(run_notebooks.notebooks(scratch), jobs=2, root=scratch, log=lambda _: None)
    intervals = []
    for run in runs:
        text = nbformat.read(run.executed, as_version=4).cells[1].outputs[0]["text"]
        intervals.append(tuple(map(float, text.split())))
    (start_a, end_a), (start_b, end_b) = intervals
    assert start_a < end_b and start_b < end_a, f"the two notebooks ran one after the other: {intervals}"


def test_the_command_line_names_unknown_notebooks(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_notebooks.main(["no-such-notebook"]) == 2
    assert "No notebook named no-such-notebook" in capsys.readouterr().err


def test_the_project_notebooks_are_stored_as_sources() -> None:
    notebooks = run_notebooks.notebooks(ROOT)
    assert notebooks, "examples/ holds no notebooks"
    for source in notebooks:
        nb = nbformat.read(ROOT / source, as_version=4)
        nbformat.validate(nb)
        run_notebooks.check_source(source, nb)  # raises naming the notebook and cell


def test_parallel_notebooks_share_the_cores_instead_of_oversubscribing_them(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in run_notebooks.THREAD_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    code = "import os\nprint(os.environ['OMP_NUM_THREADS'], os.environ['OPENBLAS_NUM_THREADS'], os.environ['MKL_NUM_THREADS'])"
    write_notebook(scratch, "first", code)
    write_notebook(scratch, "second", code)
    runs = run_notebooks.run_all(run_notebooks.notebooks(scratch), jobs=2, root=scratch, log=lambda _: None)
    expected = max(1, (os.cpu_count() or 1) // 2)
    for result in runs:
        printed = nbformat.read(result.executed, as_version=4).cells[1].outputs[0]["text"].split()
        assert printed == [str(expected)] * 3, f"{result.name}: math libraries got {printed} threads"


def test_a_kernel_that_dies_is_reported_naming_notebook_and_cell_and_the_others_still_run(scratch: Path) -> None:
    write_notebook(scratch, "dies", "x = 1", "import os; os._exit(9)")  # what the OOM killer does to a kernel
    write_notebook(scratch, "broken", "raise ValueError('two')")
    write_notebook(scratch, "fine", "1")
    with pytest.raises(run_notebooks.NotebookError) as error:
        run_notebooks.run_all(run_notebooks.notebooks(scratch), root=scratch, log=lambda _: None)
    message = str(error.value)
    assert re.search(
        r"examples/dies\.ipynb: the kernel died while running cell 3, most often because it ran out of memory", message
    )
    assert re.search(r"examples/broken\.ipynb: cell 2 raised ValueError", message), "one crash hid another notebook's failure"
    assert "fine.ipynb" not in message


def test_a_kernel_that_cannot_start_is_reported_naming_the_notebook(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_notebook(scratch, "no-kernel", "1")

    class NoKernel(run_notebooks.NotebookClient):
        def execute(self, **kwargs):  # noqa: ANN003, ANN201 - nbclient's signature
            raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(run_notebooks, "NotebookClient", NoKernel)
    with pytest.raises(
        run_notebooks.NotebookError,
        match=r"examples/no-kernel\.ipynb: before its first cell \(the kernel did not start\): RuntimeError",
    ):
        run_notebooks.run(path, root=scratch)


def test_the_cache_key_changes_with_the_runner_the_sandbox_and_the_locks(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_notebook(scratch, "keyed", "1")
    before = run_notebooks.Cache(path, scratch).dir
    (scratch / "requirements-torch.lock").write_text("torch==2\n")
    assert run_notebooks.Cache(path, scratch).dir != before, "the PyTorch lock is not part of the key"
    with_lock = run_notebooks.Cache(path, scratch).dir
    monkeypatch.setattr(run_notebooks, "EXECUTION_VERSION", "changed")
    assert run_notebooks.Cache(path, scratch).dir != with_lock
    assert run_notebooks.SANDBOX.read_bytes() in run_notebooks._runner_key(scratch)
    assert Path(run_notebooks.__file__).read_bytes() in run_notebooks._runner_key(scratch)


def test_entries_unused_for_two_weeks_are_evicted_and_used_ones_kept(scratch: Path) -> None:
    old, kept = write_notebook(scratch, "old", "1"), write_notebook(scratch, "kept", "2")
    ran(scratch)
    stale = run_notebooks.Cache(old, scratch).record
    long_ago = stale.stat().st_mtime - (run_notebooks.UNUSED_DAYS + 1) * 86400
    os.utime(stale, (long_ago, long_ago))
    (scratch / old).unlink()  # the notebook is gone: nothing uses its entry any more
    evicted = run_notebooks.evict_unused()
    assert evicted == [stale.parent]
    assert run_notebooks.Cache(kept, scratch).lookup() is not None
