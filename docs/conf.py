"""Sphinx configuration: the chapter's notebooks, executed by nbsphinx with the d2l-ts kernel.

Build with `npm run docs` (or, after `npm run build`,
`/usr/bin/python3 -m sphinx -b html docs docs/_build/html`).

Before Sphinx reads any source this file
  * copies notebooks/<lang>/*.ipynb into docs/chapter/<lang>/ (nbsphinx only reads notebooks that
    live inside the source directory; the copies are build products, ignored by git), and
  * installs the d2l-ts kernelspec into docs/_build/jupyter with `node dist/kernel/cli.js install
    --prefix` and puts that directory first on JUPYTER_PATH, so the build uses this checkout's
    kernel and never touches the user's Jupyter setup.
"""
import os
import shutil
import subprocess
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
NOTEBOOKS = ROOT / "notebooks"
CHAPTER = DOCS / "chapter"
KERNEL_PREFIX = DOCS / "_build" / "jupyter"
CLI = ROOT / "dist" / "kernel" / "cli.js"
NODE = os.environ.get("D2L_TS_NODE", shutil.which("node") or "node")


def copy_notebooks():
    for src in sorted(NOTEBOOKS.glob("*/*.ipynb")):
        dest = CHAPTER / src.parent.name / src.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not dest.exists() or dest.read_bytes() != src.read_bytes():
            shutil.copyfile(src, dest)


def install_kernel():
    if not CLI.exists():
        raise RuntimeError(f"{CLI} is missing: run `npm run build` first (or use `npm run docs`, which builds)")
    done = subprocess.run(
        [NODE, str(CLI), "install", "--prefix", str(KERNEL_PREFIX)],
        capture_output=True, text=True, cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"installing the d2l-ts kernelspec failed:\n{done.stdout}{done.stderr}")
    share = str(KERNEL_PREFIX / "share" / "jupyter")
    rest = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = share + (os.pathsep + rest if rest else "")


copy_notebooks()
install_kernel()

project = "d2l-ts"
author = "d2l-ts contributors"
copyright = "2026, d2l-ts contributors"

extensions = ["nbsphinx"]
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "README.md"]
master_doc = "index"
html_theme = "alabaster"
html_title = "d2l-ts: Deep Learning Computation"

# Execute every notebook on every build, with our kernel: the pages show what the code does
# today, not what it did when someone last saved the notebook.
nbsphinx_execute = "always"
nbsphinx_kernel_name = "d2l-ts"
nbsphinx_timeout = 300
# Errors fail the build, except in cells tagged raises-exception (nbclient honours the tag).
nbsphinx_allow_errors = False
highlight_language = "typescript"
