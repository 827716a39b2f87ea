"""The handbook's limits, defined once: the scripts, hooks and tests import them from here."""

# A page's description becomes its meta description and its llms.txt line;
# search engines cut longer ones. Checked in page front matter
# (front_matter.py) and in a notebook's handbook.description (run_notebooks.py).
MAX_DESCRIPTION = 160  # characters

# What a copy of the project needs in order to build (scripts/bench.py and the
# tests' ProjectCopy make such copies).
PROJECT_FILES = [
    "docs",
    "examples",
    "includes",
    "overrides",
    "scripts",
    "mkdocs.yml",
    "requirements.lock",
    "requirements-torch.lock",
]
