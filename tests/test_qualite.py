"""Code quality, enforced by the test suite (hence by « make test » and .ci/run): ruff, with a
complexity limit that the resolver respects, and the import layers of import-linter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fixtures import REPO

BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)


def test_ruff_passes_with_its_complexity_limit():
    result = _run(str(BIN / "ruff"), "check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_function_of_the_resolver_exceeds_the_complexity_limit():
    """No « noqa » for complexity anywhere in ctg/ nor mkdocs_hooks/: each function stays under the limit."""
    for module in sorted((REPO / "ctg").rglob("*.py")) + sorted((REPO / "mkdocs_hooks").rglob("*.py")):
        assert "noqa: C901" not in module.read_text(encoding="utf-8"), module.relative_to(REPO)
    result = _run(str(BIN / "ruff"), "check", "--no-cache", "--select", "C901", "ctg/resolve.py", "ctg/controles.py")
    assert result.returncode == 0, result.stdout


def test_import_layers_hold():
    result = _run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and " 0 broken" in result.stdout
