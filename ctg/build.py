"""What one site build needs, prepared outside MkDocs: model, pages, navigation, dates.

The MkDocs hooks and macros only read this. The last valid build is kept so that `mkdocs serve`
keeps showing the published pages while an editor fixes a broken file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import ContentError
from .gitdates import page_date
from .historique import History, events_of_avenants, read_history
from .model import Site
from .pages import Page, generate_pages, menu_paths, navigation
from .pages.glossaire import abbreviations
from .pipeline import load_site


@dataclass
class Build:
    site: Site
    pages: list[Page]
    nav: list
    dates: dict[str, str]
    abbreviations: dict[str, str]
    content_root: Path
    pages_by_path: dict[str, Page] = field(default_factory=dict)
    history: History = field(default_factory=History)  # ctg/historique.py (one git log pass)

    def __post_init__(self) -> None:
        self.pages_by_path = {page.path: page for page in self.pages}
        self._avenant_events = events_of_avenants(getattr(self.site, "versions", None))
        # Which page a content file is the page of (its own page first), for the pages that gather others.
        self._page_names: dict[str, str] = {}
        for page in sorted(self.pages, key=lambda p: (p.gathers, len(p.source_files))):
            for source in page.source_files:
                self._page_names.setdefault(source, page.title)

    def history_of(self, page: Page) -> list[dict]:
        """The page's last changes, newest first (date, kind, summary in words, every change)."""
        extra = [e for f in page.source_files for e in self._avenant_events.get(f, [])]
        names = self._page_names if page.gathers else None
        return [e.as_meta() for e in self.history.of(page.source_files, extra, names)]

    def updated(self, page: Page) -> str | None:
        dates = [d for d in (page_date(self.dates, page.source_files),) if d]
        dates += [e.date for f in page.source_files for e in self._avenant_events.get(f, [])]
        return max(dates) if dates else None

    def page_at(self, path: str) -> Page | None:
        return self.pages_by_path.get(path)


_last_valid: dict[Path, Build] = {}
_current: list[Build] = []  # the build being rendered now (read by the macros of hand-written pages)


def prepare(content_root: Path, repo_root: Path, handwritten: dict[str, str]) -> Build:
    """Load and generate everything; raises ContentError with every diagnostic."""
    content_root = content_root.resolve()
    site = load_site(content_root)
    pages = generate_pages(site)
    nav = navigation(site, handwritten)
    in_menu = menu_paths(nav)
    for page in pages:
        page.in_menu = page.path in in_menu
    history = read_history(repo_root)
    build = Build(
        site=site,
        pages=pages,
        nav=nav,
        history=history,
        dates=history.dates,
        abbreviations=abbreviations(site),
        content_root=content_root,
    )
    _last_valid[content_root] = build
    use(build)
    return build


def last_valid(content_root: Path) -> Build | None:
    return _last_valid.get(content_root.resolve())


def use(build: Build) -> None:
    _current[:] = [build]


def current() -> Build:
    if not _current:
        raise RuntimeError("aucune construction en cours : le contenu n'a pas été chargé")
    return _current[0]


__all__ = ["Build", "ContentError", "current", "last_valid", "prepare", "use"]
