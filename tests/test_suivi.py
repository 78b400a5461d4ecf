"""Suivi de la convention: validation of content/suivi/, pages, feed, open data, ctg new / ctg diff.

The follow-up data used here is synthetic (tests/fixtures/suivi/), copied into a temporary copy of
content/: the real content has no review yet, and the site must say so.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import CONTENT, REPO, build_site, run_ctg
from ctg.pipeline import check_content, load_site

FIXTURES = REPO / "tests" / "fixtures" / "suivi"
TODAY = "2027-12-31"  # the fixtures cover 2025-2027


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("CTG_DATE_DU_JOUR", TODAY)


def with_suivi(destination: Path) -> Path:
    shutil.copytree(CONTENT, destination)
    for path in FIXTURES.glob("*.yaml"):
        shutil.copy(path, destination / "suivi" / path.name)
    return destination


@pytest.fixture
def suivi_content(tmp_path) -> Path:
    return with_suivi(tmp_path / "content")


def edit(root: Path, relative: str, old: str, new: str) -> tuple[Path, int]:
    """Replace ``old`` by ``new`` once; the line (1-based) where ``new`` starts."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} absent de {relative}"
    position = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, text[:position].count("\n") + 1


# --- the model ---------------------------------------------------------------------------------


def test_every_indicator_has_a_stable_id_and_only_the_psu_indicator_is_linked_to_annexe_8():
    site, found = check_content(CONTENT)
    assert found == [] and site is not None
    for fiche in site.fiches.values():
        ids = [i.id for i in fiche.indicateurs]
        assert len(ids) == len(set(ids)), fiche.numero
    linked = sorted((n, i.id) for n, f in site.fiches.items() for i in f.indicateurs if i.annexe_8)
    assert linked == [(1, "places-creees-psu-paje"), (3, "places-creees-psu-paje")]


def test_real_content_has_no_review_and_keeps_the_annexe_8_targets():
    site, _ = check_content(CONTENT)
    assert not site.suivi.publie and site.suivi.fiches == {}
    # Sum of the places planned for every structure of Annexe 8.
    assert set(site.suivi.cibles_annexe_8) == {2025, 2026, 2027, 2028, 2029}
    assert all(v > 0 for v in site.suivi.cibles_annexe_8.values())


def test_fixtures_are_valid_and_resolved(suivi_content):
    site, found = check_content(suivi_content)
    assert found == [], [d.human() for d in found]
    suivi = site.suivi
    assert [r.date for r in suivi.revues][0] == "2025-06-26" and len(suivi.revues) == 5
    fiche_7 = suivi.fiches[7]
    assert fiche_7.statut.statut == "realise" and fiche_7.statut.deduit  # every objective done
    fiche_1 = suivi.fiches[1]
    assert fiche_1.statut.statut == "en-cours" and not fiche_1.statut.deduit  # given explicitly
    assert fiche_1.statuts_courants()["1.3"].revue == "2025-12-11"  # not reviewed since
    # Annexe 8: the target of the PSU indicator is the planned total of that year.
    places = {v.annee: v for v in fiche_1.valeurs["places-creees-psu-paje"]}
    assert places[2025].cible_annexe_8 and places[2025].cible_nombre == suivi.cibles_annexe_8[2025]
    every_status = {s.statut for f in suivi.fiches.values() for p in f.points for s in list(p.objectifs.values()) + [p.fiche]}
    assert every_status == {"a-venir", "en-cours", "realise", "en-pause", "abandonne", "bloque", "en-retard"}
    units = {v.unite for f in suivi.fiches.values() for vs in f.valeurs.values() for v in vs}
    assert units == {"nombre", "pourcentage", "oui-non", "texte"}


# --- every rule, one error at a time -------------------------------------------------------------

BAD = [
    # (file, old text, new text, words of the message)
    ("suivi/fiche-07.yaml", "  - indicateur: jeunes-touches-action\n    annee: 2025", "  - indicateur: jeunes-touches\n    annee: 2025",
     "indicateur « jeunes-touches » absent de la fiche n°7"),
    ("suivi/fiche-07.yaml", '      - objectif: "7.2"\n        statut: en-pause', '      - objectif: "7.9"\n        statut: en-pause',
     "objectif « 7.9 » absent de la fiche n°7"),
    ("suivi/fiche-07.yaml", '        date: "2026-10-01"', '        date: "2024-10-01"', "hors de la période de la convention"),
    ("suivi/fiche-07.yaml", '        date: "2027-06-01"', '        date: "2028-01-15"', "dans le futur"),
    ("suivi/fiche-01.yaml", "    annee: 2027\n    date:", "    annee: 2026\n    date:", "n'est pas dans l'année 2026"),
    ("suivi/fiche-07.yaml", "    annee: 2027\n    valeur: \"310\"", "    annee: 2028\n    valeur: \"310\"", "année 2028 dans le futur"),
    ("suivi/fiche-07.yaml", "    annee: 2027\n    valeur: \"310\"", "    annee: 2031\n    valeur: \"310\"", "année 2031 hors de la période"),
    ("suivi/fiche-07.yaml", '  - revue: "2026-12-10"', '  - revue: "2026-12-09"', "aucune revue le 9 décembre 2026 dans content/suivi/revues.yaml"),
    ("suivi/revues.yaml", "revues:\n", 'revues:\n  - date: "2024-06-26"\n    instance: groupe-projet\n    resume: Essai\n', "revue du 26 juin 2024 hors de la période"),
    ("suivi/revues.yaml", "jeunesse et logement (données d'essai).\"\n", "jeunesse et logement (données d'essai).\"\n  - date: \"2025-12-11\"\n    instance: groupe-projet\n    resume: Essai\n", "revue du 11 décembre 2025 en double"),
    ("suivi/fiche-11.yaml", '      - objectif: "11.2"\n        statut: abandonne', '      - objectif: "11.1"\n        statut: abandonne',
     "un seul statut par objectif et par revue"),
    ("suivi/fiche-11.yaml", "    annee: 2026\n    valeur: \"oui\"\n    unite: oui-non", "    annee: 2026\n    valeur: \"1\"\n    unite: nombre",
     "l'unité reste la même d'une année à l'autre"),
    ("suivi/fiche-07.yaml", '        statut: realise\n        date: "2026-10-01"\n', "        statut: realise\n", "statut « realise » sans date"),
    ("suivi/fiche-01.yaml", "    annee: 2025\n    valeur: \"418\"\n    unite: nombre\n", "    annee: 2025\n    valeur: \"418\"\n    unite: nombre\n    cible: \"400\"\n",
     "différente de celle de l'Annexe 8"),
    ("suivi/fiche-07.yaml", 'valeur: "120"', 'valeur: "cent vingt"', "n'est pas un nombre"),
    ("suivi/fiche-11.yaml", 'valeur: "non"', 'valeur: "peut-être"', "« oui » ou « non » attendu"),
    ("suivi/fiche-01.yaml", 'valeur: "82,5"', 'valeur: "182,5"', "hors de 0 à 100"),
    ("suivi/fiche-20.yaml", "statut: en-retard", "statut: termine", "valeur non autorisée « termine »"),
    ("suivi/fiche-20.yaml", "fiche: 20", "fiche: 21", "doit s'appeler « fiche-21.yaml »"),
    ("suivi/fiche-20.yaml", "fiche: 20", "fiche: 99", "fiche n°99 inconnue"),
]


@pytest.mark.parametrize("relative, old, new, words", BAD, ids=[b[3][:40] for b in BAD])
def test_each_bad_follow_up_gives_one_precise_french_error(suivi_content, relative, old, new, words):
    path, line = edit(suivi_content, relative, old, new)
    _, found = check_content(suivi_content)
    mine = [d for d in found if d.path.endswith(relative)]
    assert mine and all(d.path.endswith(relative) for d in found), [d.human() for d in found]
    diagnostic = mine[0]
    assert words in diagnostic.message, diagnostic.human()
    last = line + new.count("\n")
    assert line <= diagnostic.line <= last + 1 and diagnostic.column >= 1, diagnostic.human()


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "bad").glob("*.yaml")))
def test_bad_input_fixtures_are_refused_by_ctg_check(tmp_path, name):
    content = with_suivi(tmp_path / "content")
    target = name.split("--")[0] + ".yaml"
    shutil.copy(FIXTURES / "bad" / name, content / "suivi" / target)
    result = run_ctg("check", str(content))
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert f"suivi/{target}:" in result.stdout, result.stdout


def test_the_date_of_today_can_be_forced_for_tests(suivi_content, monkeypatch):
    monkeypatch.setenv("CTG_DATE_DU_JOUR", "2026-01-01")
    _, found = check_content(suivi_content)
    assert found and all("dans le futur" in d.message for d in found)


# --- editors' tools ------------------------------------------------------------------------------


def test_ctg_new_suivi_scaffolds_a_review_and_appends_the_next(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    first = run_ctg("new", "suivi", "--fiche", "7", "--revue", "2026-06-30", "--dossier", str(content))
    assert first.returncode == 0, first.stdout + first.stderr
    second = run_ctg("new", "suivi", "--fiche", "7", "--revue", "2026-11-30", "--dossier", str(content))
    assert second.returncode == 0, second.stdout
    again = run_ctg("new", "suivi", "--fiche", "7", "--revue", "2026-11-30", "--dossier", str(content))
    assert again.returncode != 0 and "déjà" in again.stdout
    site, found = check_content(content)
    assert found == [], [d.human() for d in found]
    assert [p.revue for p in site.suivi.fiches[7].points] == ["2026-06-30", "2026-11-30"]
    wrong = run_ctg("new", "suivi", "--fiche", "7", "--revue", "30/06/2026", "--dossier", str(content))
    assert wrong.returncode != 0 and "AAAA-MM-JJ" in wrong.stdout


def test_ctg_diff_says_follow_up_changes_in_words(tmp_path):
    from ctg.content import load_content
    from ctg.review import content_changes, render

    before = with_suivi(tmp_path / "avant")
    after = with_suivi(tmp_path / "apres")
    edit(after, "suivi/fiche-07.yaml", '      - objectif: "7.2"\n        statut: realise\n        date: "2027-06-01"',
         '      - objectif: "7.2"\n        statut: bloque')
    edit(after, "suivi/fiche-07.yaml", 'valeur: "120"', 'valeur: "130"')
    text = (after / "suivi/fiche-20.yaml").read_text(encoding="utf-8")
    (after / "suivi/fiche-20.yaml").write_text(text + "valeurs:\n  - indicateur: logements-construits-territoire\n    annee: 2026\n    valeur: \"35\"\n    unite: nombre\n    source: Essai\n", encoding="utf-8")
    summary = render(content_changes(load_content(before), load_content(after)), "avant", "après", False, {})
    assert "Fiche 7, objectif 7.2 : réalisé → bloqué (revue du 24 juin 2027)" in summary, summary
    assert "Fiche 7, indicateur « Nombre de jeunes touchés par l'action » 2025 : 120 → 130 (cible —)" in summary, summary
    assert "Fiche 20, indicateur « Nombre de logements construits sur le territoire » 2026 : 35 (cible —)" in summary, summary


# --- pages, feed, open data built from the fixtures --------------------------------------------------


@pytest.fixture(scope="module")
def suivi_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("suivi")
    content = with_suivi(root / "content")
    site = root / "site"
    result = build_site(site, extra_env={"CTG_CONTENU": str(content), "CTG_DATE_DU_JOUR": TODAY})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_fiche_pages_show_statuses_values_chart_table_and_history(suivi_site):
    page = _html(suivi_site, "plan-action/fiche-07")
    assert 'id="avancement"' in page
    assert "Statut de la fiche (déduit des objectifs)" in page and "Réalisé" in page
    assert '<svg viewBox' in page and 'role="img"' in page and "<title id=" in page  # the chart…
    assert "Valeurs année par année" in page  # …and its table
    assert "pas de valeur publiée" in page  # the missing year 2026 of « jeunes touchés »
    assert "Historique des statuts" in page and "En pause" in page
    page_1 = _html(suivi_site, "plan-action/fiche-01")
    assert "(Annexe 8)" in page_1 and "Bloqué" in page_1 and "En retard" in page_1
    # Status is never colour alone: each badge has its icon and its word.
    assert '<span class="ctg-statut-icone" aria-hidden="true">⊘</span> Bloqué' in page_1
    for numero in range(1, 25):  # every fiche has the section
        assert 'id="avancement"' in _html(suivi_site, f"plan-action/fiche-{numero:02d}")


def test_dashboard_counts_lists_reviews_and_trajectory(suivi_site):
    page = _html(suivi_site, "suivi")
    assert "Où en est la convention ?" in page
    for heading in ("Les fiches et les objectifs par statut", "Par thématique", "En retard ou bloqué", "Les dernières revues", "Trajectoire des places en crèche"):
        assert heading in page, heading
    assert "fiche n°20, objectif 20" in page and "fiche n°1, objectif 1.2" in page
    assert "Réunion des chargés de coopération" in page and "https://exemple.fr/ctg/compte-rendu-2025.pdf" in page
    assert "Places PSU ouvertes (suivi)" in page and "pas encore publiée" in page
    assert 'type="application/atom+xml"' in page


def test_commune_pages_say_what_is_moving(suivi_site):
    page = _html(suivi_site, "communes/calais")
    assert "Ce qui avance à Calais" in page
    assert "Ce qui avance dans l" in _html(suivi_site, "communes/gctm")


def test_feed_is_atom_with_reviews_and_fiches(suivi_site):
    feed = ET.parse(suivi_site / "suivi" / "flux.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.tag == f"{atom}feed"
    titles = [e.findtext(f"{atom}title") for e in feed.findall(f"{atom}entry")]
    assert titles[0].startswith("Revue du 24 juin 2027")
    assert any(t.startswith("Fiche 7 — ") for t in titles)
    assert len(titles) == 5 + 8  # every review, and every fiche followed at each review (3 + 3 + 1 + 1)
    head = _html(suivi_site, "plan-action/fiche-07")
    assert '<link rel="alternate feed" type="application/atom+xml"' in head


def test_open_data_includes_the_follow_up(suivi_site):
    folder = suivi_site / "donnees"
    data = json.loads((folder / "suivi.json").read_text(encoding="utf-8"))
    assert data["revue_publiee"] is True and len(data["revues"]) == 5
    fiche_7 = next(f for f in data["fiches"] if f["numero"] == 7)
    assert fiche_7["statut"]["statut"] == "realise"
    statuses = list(csv.DictReader(io.StringIO((folder / "suivi-statuts.csv").read_text(encoding="utf-8"))))
    values = list(csv.DictReader(io.StringIO((folder / "suivi-valeurs.csv").read_text(encoding="utf-8"))))
    assert {r["statut"] for r in statuses} >= {"bloque", "en-retard", "realise"}
    assert any(r["cible_annexe_8"] == "oui" for r in values)
    assert (folder / "schemas" / "suivi-fiche.schema.json").exists() and (folder / "schemas" / "revues.schema.json").exists()
    meta = json.loads((folder / "metadonnees.json").read_text(encoding="utf-8"))
    assert "suivi.json" in meta["fichiers"]


def test_the_real_site_says_no_review_is_published(built_site):
    for path in ("plan-action/fiche-07", "suivi"):
        page = _html(built_site, path)
        assert "Aucune revue du plan d'actions n'est encore publiée" in page and "2025-2029" in page, path
    fiche_1 = _html(built_site, "plan-action/fiche-01")
    assert "Annexe 8 : places PSU prévues sur le territoire, par année" in fiche_1
    assert "Places PSU prévues par l&#39;Annexe 8" in _html(built_site, "suivi")
    data = json.loads((built_site / "donnees" / "suivi.json").read_text(encoding="utf-8"))
    assert data["revue_publiee"] is False and data["cibles_annexe_8"]
    feed = ET.parse(built_site / "suivi" / "flux.xml").getroot()
    assert feed.findall("{http://www.w3.org/2005/Atom}entry") == []


# --- accessibility of the new pages, with the fixtures ---------------------------------------------

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.navigateur
@pytest.mark.parametrize("path", ["suivi/", "plan-action/fiche-07/", "plan-action/fiche-01/", "communes/calais/"])
def test_axe_finds_no_violation_on_follow_up_pages(browser, suivi_site, path):
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(suivi_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
            context = browser.new_context(locale="fr-FR", viewport=viewport)
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{path}", wait_until="load")
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("""async () => {
                const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
                return r.violations.map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }""")
            width = page.evaluate("document.documentElement.scrollWidth")
            context.close()
            assert result == [], json.dumps(result, ensure_ascii=False, indent=1)
            assert width <= viewport["width"], f"défilement horizontal sur {path} ({width}px)"
    finally:
        httpd.shutdown()


def test_before_any_review_the_dashboard_lists_every_fiche_by_theme(built_site):
    """A partner opening « Où en est la convention ? » reaches every fiche, by thématique."""
    page = _html(built_site, "suivi")
    site = load_site(CONTENT)
    for numero in site.fiches:
        assert f'href="../plan-action/fiche-{numero:02d}/#avancement"' in page, numero
    assert page.count("aucune revue publiée") == len(site.fiches)
    assert f"Les {len(site.fiches)} fiches action à suivre" in page
    for thematique in site.thematiques.values():
        if any(f.thematique == thematique.id for f in site.fiches.values()):
            assert thematique.nom in html.unescape(re.sub(r"<[^>]+>", "", " ".join(re.findall(r"<h3 [^>]*>(.*?)</h3>", page)))), thematique.nom


def test_chart_legend_names_only_what_is_drawn(built_site, suivi_site):
    real = _html(built_site, "suivi")
    chart = real[real.index("<svg") : real.index("</figure>", real.index("<svg"))]
    assert ">cible</text>" in chart and ">valeur</text>" not in chart and "ctg-svg-valeur" not in chart
    assert "barre pleine" not in chart
    with_values = _html(suivi_site, "plan-action/fiche-07")
    assert ">valeur</text>" in with_values and "barre pleine" in with_values
