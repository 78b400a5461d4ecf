"""No text from YAML can inject markup, in any output: the whole site built from hostile content.

Every free-text value of every content file carries a hostile string (tests/hostile.py), the site
is built, and every page is loaded in Chromium: no script runs, no element or event attribute is
created, and the hostile text is still shown whole, as text. The search box, the CSV and JSON
exports are checked on the same build.
"""

from __future__ import annotations

import csv
import html
import xml.etree.ElementTree as ET
import functools
import http.server
import io
import json
import re
import os
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fixtures import CONTENT, REPO, build_site
from hostile import HOSTILE, hostile_copy

pytestmark = pytest.mark.navigateur

AVENANTS_VALIDES = REPO / "tests" / "fixtures" / "avenants" / "valides"
VISIBLE = HOSTILE[HOSTILE.index("⟦") : HOSTILE.index("⟧") + 1]

# Run in each page: what a successful injection would leave behind.
INSPECT = """(visible) => {
  const problems = [];
  if (window.__injecte !== undefined) problems.push("script exécuté (" + window.__injecte + ")");
  for (const element of document.querySelectorAll(".ctg-injecte, img[src='x']")) problems.push("élément injecté <" + element.tagName + ">");
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith("on")) problems.push("attribut " + attribute.name + " sur <" + element.tagName + ">");
      if (/^\\s*javascript:/i.test(attribute.value)) problems.push("javascript: dans " + attribute.name + " de <" + element.tagName + ">");
    }
  }
  const text = document.body.textContent;
  const description = (document.querySelector("meta[name=description]") || {}).content || "";
  const count = (haystack, needle) => haystack.split(needle).length - 1;
  return {
    problems,
    starts: count(text, "⟦"),
    whole: count(text, visible),
    titleStarts: count(document.title, "⟦") + count(description, "⟦"),
    titleWhole: count(document.title, visible) + count(description, visible),
  };
}"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


SUIVI_FIXTURES = Path(__file__).parent / "fixtures" / "suivi"
TODAY = "2027-12-31"  # the synthetic follow-up covers 2025-2027


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("piege")
    # The real content has no follow-up yet: the synthetic one (every text field of content/suivi/) is trapped too.
    source = root / "source"
    shutil.copytree(CONTENT, source)
    for path in SUIVI_FIXTURES.glob("*.yaml"):
        shutil.copy(path, source / "suivi" / path.name)
    content = root / "content"
    # The synthetic avenants (and their deliberations) join the real content: their texts reach the
    # consolidated pages, the marks, the banners, the avenant pages and the signed versions.
    shutil.copytree(AVENANTS_VALIDES, source, dirs_exist_ok=True)
    before = os.environ.get("CTG_DATE_DU_JOUR")
    os.environ["CTG_DATE_DU_JOUR"] = TODAY
    try:
        injected = hostile_copy(source, content)
    finally:
        if before is None:
            os.environ.pop("CTG_DATE_DU_JOUR", None)
        else:
            os.environ["CTG_DATE_DU_JOUR"] = before
    site = root / "site"
    result = build_site(site, extra_env={"CTG_CONTENU": str(content), "CTG_DATE_DU_JOUR": TODAY})
    assert result.returncode == 0, result.stdout + result.stderr
    return site, content, injected


@pytest.fixture(scope="module")
def hostile_server(hostile_site):
    handler = functools.partial(_QuietHandler, directory=str(hostile_site[0]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_the_hostile_string_reaches_every_kind_of_content(hostile_site):
    _, content, injected = hostile_site
    kinds = {path.relative_to(content).parts[0] for path, locs in injected.items() if locs}
    folders = {path.name for path in CONTENT.iterdir() if path.is_dir()}
    assert kinds == folders, f"sortes de contenu sans valeur piégée : {folders - kinds}"
    assert sum(len(locs) for locs in injected.values()) > 5000


def test_no_page_runs_injected_script_and_every_hostile_text_is_shown_whole(browser, hostile_site, hostile_server):
    site = hostile_site[0]
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 150
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    failures, shown = [], 0
    try:
        for path in pages:
            page.goto(hostile_server + path, wait_until="load")
            found = page.evaluate(INSPECT, VISIBLE)
            shown += found["whole"]
            if found["problems"]:
                failures.append(f"{path} : {', '.join(sorted(set(found['problems'])))}")
            if found["starts"] != found["whole"] or found["titleStarts"] != found["titleWhole"]:
                failures.append(f"{path} : texte piégé altéré ({found['whole']}/{found['starts']} entiers)")
            if path.startswith(("plan-action/fiche-", "acteurs/", "communes/", "avenants/", "texte-signe/")) and not found["whole"]:
                failures.append(f"{path} : le texte piégé n'est pas affiché (supprimé au lieu d'être échappé ?)")
    finally:
        context.close()
    assert not dialogs, dialogs
    assert not failures, "\n".join(failures[:40])
    assert shown > 5000


def test_avenant_texts_are_inert_in_every_context(browser, hostile_site, hostile_server):
    """Avenants: object, former and new texts, added elements, in marks (<del>/<ins> with their label),
    banners, the avenant pages, the index table, page histories and the signed versions."""
    site = hostile_site[0]
    article = (site / "convention" / "article-07" / "index.html").read_text(encoding="utf-8")
    assert "Version consolidée au" in article and "<del>" in article and "<ins>" in article
    assert (site / "texte-signe" / "convention" / "article-07" / "index.html").exists()
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    try:
        for path in ("convention/article-07/", "plan-action/fiche-03/", "avenants/", "avenants/avenant-01/", "avenants/avenant-02/", "texte-signe/convention/article-07/", "convention-complete/"):
            page.goto(hostile_server + path, wait_until="load")
            found = page.evaluate(INSPECT, VISIBLE)
            assert not found["problems"], (path, found["problems"])
            assert found["whole"] and found["starts"] == found["whole"], (path, found)
        page.goto(hostile_server + "convention/article-07/", wait_until="load")
        inserted = page.locator(".ctg-modifie ins").first.text_content()
        assert VISIBLE in inserted, inserted
        history = page.locator(".ctg-historique").first.text_content()
        assert "Avenant n°1" in history and VISIBLE in history
    finally:
        context.close()


def test_tooltips_show_hostile_definitions_and_readings_as_text(browser, hostile_server):
    """Material turns title attributes into tooltips by inserting them as HTML: hover them all."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hovered = 0
    try:
        for path in ("acteurs/caf/", "territoire/allocataires/", "territoire/population/", "plan-action/fiche-01/"):
            page.goto(hostile_server + path, wait_until="networkidle")
            abbreviations = page.locator("abbr")
            for index in range(min(abbreviations.count(), 25)):
                element = abbreviations.nth(index)
                if element.is_visible():
                    element.hover()
                    page.wait_for_timeout(150)
                    hovered += 1
            found = page.evaluate(INSPECT, VISIBLE)
            assert not found["problems"], (path, found["problems"])
            tooltips = page.locator(".md-tooltip, [role=tooltip]")
            assert not [t for t in tooltips.all_inner_texts() if "⟦" in t and VISIBLE not in t], path
    finally:
        context.close()
    assert hovered > 20
    assert not dialogs, dialogs


def test_search_results_stay_inert(browser, hostile_server):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(hostile_server + "recherche/", wait_until="networkidle")
        for query, matches in ((HOSTILE, False), ("onerror injecte", True), ("script", True)):
            box = page.locator("#ctg-q")  # the site's search page (Pagefind, docs/assets/recherche.js)
            box.fill(query)
            box.press("Enter")
            page.wait_for_function(
                "() => { const t = document.querySelector('.ctg-recherche__etat').textContent; return t && !t.startsWith('Recherche en cours'); }",
                timeout=60_000,  # machine chargée
            )
            if matches:  # the results show the hostile titles and extracts
                page.locator(".ctg-resultat").first.wait_for(state="attached", timeout=60_000)
            found = page.evaluate(INSPECT, VISIBLE)
            assert not found["problems"], (query, found["problems"])
    finally:
        context.close()
    assert not dialogs, dialogs


def test_csv_cells_are_neutralised_and_json_keeps_the_exact_text(hostile_site):
    folder = hostile_site[0] / "donnees"
    for name in ("fiches", "equipements", "chiffres", "trajectoire", "suivi-statuts", "suivi-valeurs", "suivi-revues"):
        rows = list(csv.reader(io.StringIO((folder / f"{name}.csv").read_text(encoding="utf-8"))))
        cells = [cell for row in rows[1:] for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not re.fullmatch(r"-[0-9]+([.,][0-9]+)?", c))], name
    equipements = list(csv.DictReader(io.StringIO((folder / "equipements.csv").read_text(encoding="utf-8"))))
    assert any(row["nom"].startswith("'" + HOSTILE) for row in equipements)
    fiches = json.loads((folder / "fiches.json").read_text(encoding="utf-8"))
    assert fiches[0]["titre"].startswith(HOSTILE)


def test_follow_up_texts_stay_text_in_pages_feed_csv_and_svg(hostile_site):
    """Suivi de la convention: every text of content/suivi/ is trapped; the feed (titles as text,
    summaries as HTML), the SVG charts and the CSV files keep it inert."""
    site, content, injected = hostile_site
    assert any(locs for path, locs in injected.items() if path.parent.name == "suivi")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "suivi" / "flux.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert entries and any(VISIBLE in (e.findtext(f"{atom}title") or "") for e in entries)

    class Elements(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.found.append(tag)
            self.found += [f"{tag}@{name}" for name, _ in attrs if name.startswith("on")]

    shown = 0
    for entry in entries:
        summary = entry.find(f"{atom}summary")
        assert summary is not None and summary.get("type") == "html"
        parser = Elements()
        parser.feed(summary.text or "")
        assert set(parser.found) <= {"p"}, parser.found  # only the paragraphs the feed writes
        shown += (summary.text or "").count(html.escape(VISIBLE, quote=True))
    assert shown
    # SVG charts: the indicator's name is in the <title>, escaped.
    page = (site / "plan-action" / "fiche-07" / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r"<title id=\"graphique-[^\"]+\">(.*?)</title>", page, re.S)
    assert titles and all("<script" not in t and "<img" not in t for t in titles)
    assert any("⟦" in t and "&lt;script&gt;" in t and "⟧" in t for t in titles)
    statuses = list(csv.DictReader(io.StringIO((site / "donnees" / "suivi-statuts.csv").read_text(encoding="utf-8"))))
    assert any(row["commentaire"].startswith("'" + HOSTILE) for row in statuses)  # a comment starting like a formula is neutralised
