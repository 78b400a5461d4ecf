"""Pytest fixtures: a small valid content tree to break on purpose, one real site build, Chromium.

Plain helpers (paths, copy_content, edit, run_ctg…) are in tests/fixtures.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures import CONTENT, MINIMAL_CONTENT, REPO, SOURCE, build_site, copy_content, run_ctg, write_content  # noqa: F401  (re-exported for older tests)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A minimal valid content tree in a temporary folder."""
    return write_content(tmp_path / "content")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once with --strict for every test that reads HTML."""
    destination = tmp_path_factory.mktemp("site")
    result = build_site(destination)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return destination


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Chromium manque : lancez « make test », qui l'installe (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
