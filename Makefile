# The ML Engineer Handbook. `make help` lists the targets.
# Everything runs from the project's own virtual environment in .venv, created
# on first use from requirements.lock; only Python 3.11+, git and make are
# needed beforehand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-lock
TORCH_STAMP := $(VENV)/.installed-torch-group
SITE := site
HOST ?= 127.0.0.1
PORT ?= 8000
MODEL_PORT ?= 8001

# Material for MkDocs prints an end-of-life notice on every build; the project
# knows (see CONTRIBUTING.md) and keeps its build log for real problems.
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help install install-torch serve build offline linkcheck linkcheck-external audit test test-fast test-browser examples example corpus serve-model kernel bench stale new-page new-example lint lint-workflows lock clean distclean

help: ## List the targets with a one-line description
	@echo "Usage: make TARGET"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-19s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; $(PYTHON) is " + sys.version.split()[0])'
	@echo "Setting up $(VENV) from requirements.lock (first run: about a minute)"
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV). On Debian or Ubuntu: sudo apt install python3-venv"; exit 1; }
	@sed -n '/^uv==/,/# via/p' requirements.lock > $(VENV)/uv-requirement.txt
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(VENV)/uv-requirement.txt
	@$(BIN)/uv pip sync --quiet --python $(BIN)/python --require-hashes requirements.lock
	@touch $@

# PyTorch and the Hugging Face libraries (requirements-torch.lock), layered on the
# base environment for the deep-learning and LLM notebooks: several GB.
$(TORCH_STAMP): $(STAMP) requirements-torch.lock
	@echo "Adding the PyTorch group from requirements-torch.lock (first run: a few GB)"
	@$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements-torch.lock
	@touch $@

install: $(STAMP) ## Create .venv with the exact versions in requirements.lock

install-torch: $(TORCH_STAMP) ## Add PyTorch and the Hugging Face libraries (requirements-torch.lock) to .venv

serve: $(TORCH_STAMP) ## Build and serve the site at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

build: $(TORCH_STAMP) ## Build the site into site/ in strict mode (executes changed notebooks)
	$(BIN)/python scripts/build.py --site-dir $(SITE)

offline: $(STAMP) ## Build the copy that opens from disk (site-offline/) and zip it with the notebooks
	$(BIN)/python scripts/offline.py --site-dir site-offline --output ml-engineer-handbook-offline.zip

linkcheck: build ## Check every internal link and anchor of the built site
	$(BIN)/python scripts/linkcheck.py $(SITE)

linkcheck-external: $(STAMP) ## Also check links to other sites (needs the internet; run weekly in CI)
	$(BIN)/python scripts/linkcheck.py --external $(SITE)

lint: $(STAMP) ## Run every pre-commit hook on every file: outputs, front matter, spelling, Markdown, ruff, YAML
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

audit: build ## Lighthouse scores and screenshots of key pages into .cache/audit/ (needs Node.js 18.20+, npm, Chromium)
	$(BIN)/python scripts/audit.py --site-dir $(SITE)

test: lint linkcheck ## Everything CI checks: lint, strict build, notebooks, linkchecker, pytest (PYTEST_ARGS=... passes options)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: build ## What a page edit can break: the build, then the checks of the built site (no browser, no copies)
	$(BIN)/python -m pytest -m "not slow and not browser" $(PYTEST_ARGS)

test-browser: $(STAMP) ## Only the checks in a real browser, against the site/ you built last
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

examples: $(TORCH_STAMP) ## Run every example notebook headless; FORCE=1 also runs unchanged ones
	$(BIN)/python scripts/run_notebooks.py $(if $(FORCE),--force)

example: $(TORCH_STAMP) ## Run one notebook: make example NB=evaluate-a-classifier [FORCE=1]
	@test -n "$(NB)" || { echo "Say which notebook, e.g. make example NB=evaluate-a-classifier (the names are in examples/)"; exit 2; }
	$(BIN)/python scripts/run_notebooks.py $(if $(FORCE),--force) $(NB)

corpus: $(STAMP) ## Snapshot docs/ as plain text, one JSON line per section, into examples/data/handbook-corpus.jsonl
	$(BIN)/python scripts/snapshot_corpus.py

serve-model: $(STAMP) ## Serve the churn example's model API at http://127.0.0.1:8001 (MODEL_PORT=...), training it if missing
	$(BIN)/python examples/churn_service.py serve --host $(HOST) --port $(MODEL_PORT)

kernel: $(STAMP) ## Register .venv as the Jupyter kernel "ML Engineer Handbook" (for JupyterLab)
	$(BIN)/python -m ipykernel install --user --name ml-engineer-handbook --display-name "ML Engineer Handbook"

bench: $(STAMP) ## Time cold, warm and one-page-edit builds and each notebook; SUITE=1 times make test-fast and make test instead
	$(BIN)/python scripts/bench.py $(if $(SUITE),--suite)

new-page: $(STAMP) ## Start a page: make new-page PAGE=skills/feature-stores TITLE="Feature stores" TAGS=tooling,production
	@test -n "$(PAGE)" -a -n "$(TITLE)" -a -n "$(TAGS)" || { echo 'Say which page, e.g. make new-page PAGE=skills/feature-stores TITLE="Feature stores" TAGS=tooling,production'; exit 2; }
	@$(BIN)/python scripts/new.py page "$(PAGE)" "$(TITLE)" --tags "$(TAGS)"

new-example: $(TORCH_STAMP) ## Start a notebook: make new-example NB=churn-survival TITLE="Predict when customers leave" CHAPTER=skills/algorithms.md
	@test -n "$(NB)" -a -n "$(TITLE)" -a -n "$(CHAPTER)" || { echo 'Say which notebook, e.g. make new-example NB=churn-survival TITLE="Predict when customers leave" CHAPTER=skills/algorithms.md'; exit 2; }
	@$(BIN)/python scripts/new.py example "$(NB)" "$(TITLE)" --chapter "$(CHAPTER)"

stale: $(STAMP) ## List pages due for a fact check (review_by passed, or last reviewed over a year ago)
	$(BIN)/python scripts/front_matter.py stale

lint-workflows: $(STAMP) ## Lint the GitHub workflows with actionlint and zizmor
	$(BIN)/actionlint
	$(BIN)/zizmor --offline .github/workflows

lock: $(STAMP) ## Re-resolve requirements.in and requirements-torch.in into their locks
	$(BIN)/uv pip compile requirements.in --universal --python-version 3.11 \
		--fork-strategy fewest --generate-hashes --quiet --output-file requirements.lock
	$(BIN)/uv pip compile requirements-torch.in --constraint requirements.lock --universal --python-version 3.11 \
		--fork-strategy fewest --generate-hashes --quiet --output-file requirements-torch.lock
	@# The lock's header keeps the real command: Renovate (.github/renovate.json) re-runs it.

clean: ## Remove the built sites and the notebook cache
	rm -rf $(SITE) site-offline ml-engineer-handbook-offline.zip .cache .pytest_cache

distclean: clean ## Also remove the virtual environment
	rm -rf $(VENV)
