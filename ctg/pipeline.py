"""The one entry point to content: load → validate → resolved model."""

from __future__ import annotations

from pathlib import Path

from .content import load_content
from .diagnostics import ContentError, Diagnostic
from .model import Site
from .resolve import resolve


def check_content(root: Path) -> tuple[Site | None, list[Diagnostic]]:
    """Every problem of the content at once; the Site only when there is none."""
    loaded = load_content(root)
    site, diagnostics = resolve(loaded)
    return site, sorted(set(loaded.diagnostics) | set(diagnostics))


def load_site(root: Path) -> Site:
    """The resolved model, or ContentError carrying every diagnostic."""
    site, diagnostics = check_content(root)
    if diagnostics or site is None:
        raise ContentError(diagnostics)
    return site
