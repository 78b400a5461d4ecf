"""Avenants (issue 13): the signed text stays intact, the text in force is computed and marked, every
page has its history, and the reviewer guard catches a change of the signed text outside an avenant.

The avenants used here are synthetic (tests/fixtures/avenants/): the convention has none.
"""

from __future__ import annotations

import functools
from html import unescape
import http.server
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import CONTENT, REPO, build_site, run_ctg
from ctg.avenants import TargetError, parse_path
from ctg.pipeline import check_content
from ctg.typography import NBSP

FIXTURES = REPO / "tests" / "fixtures" / "avenants"
VALIDES = FIXTURES / "valides"
INVALIDES = sorted(p for p in (FIXTURES / "invalides").iterdir() if p.is_dir())
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def with_avenants(destination: Path, fixture: Path) -> Path:
    """The real content with a fixture's folders laid over it (avenants, deliberations)."""
    shutil.copytree(CONTENT, destination)
    for folder in fixture.iterdir():
        if folder.is_dir():
            shutil.copytree(folder, destination / folder.name, dirs_exist_ok=True)
    return destination


# --- validation -------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", INVALIDES, ids=lambda p: p.name)
def test_each_bad_avenant_gets_its_precise_french_error(tmp_path, case):
    root = with_avenants(tmp_path / "content", case)
    site, found = check_content(root)
    expected = (case / "attendu.txt").read_text(encoding="utf-8").strip()
    assert site is None
    assert any(expected in d.human() for d in found), "\n".join(d.human() for d in found)
    assert all("avenants/" in d.path for d in found), "\n".join(d.human() for d in found)


def test_a_bad_avenant_fails_ctg_check_without_traceback(tmp_path):
    root = with_avenants(tmp_path / "content", FIXTURES / "invalides" / "texte-avant-faux")
    result = run_ctg("check", str(root))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert re.search(r"avenant-01\.yaml:8:18: le texte d'avant ne correspond pas au texte en vigueur", result.stdout)


def test_a_field_path_that_cannot_be_read_is_explained():
    assert parse_path("objectifs[7.2].actions[1]") == [("key", "objectifs"), ("item", "7.2"), ("key", "actions"), ("item", "1")]
    with pytest.raises(TargetError, match="chemin de champ illisible"):
        parse_path("objectifs[7.2")


def test_valid_avenants_give_the_text_in_force_and_keep_the_signed_text(tmp_path):
    root = with_avenants(tmp_path / "content", VALIDES)
    site, found = check_content(root)
    assert found == [], [d.human() for d in found]
    versions = site.versions
    signed = versions.signe
    assert [a.numero for a in versions.avenants] == [1, 2]
    assert versions.date_consolidation == "2027-02-15"
    # article: a sentence replaced
    in_force = site.textes["article-07"].sections[0].contenu[0].paragraphe
    original = signed.textes["article-07"].sections[0].contenu[0].paragraphe
    assert in_force.startswith("Une évaluation des actions est conduite chaque année")
    assert original.startswith("Une évaluation des actions est conduite au fur et à mesure")
    assert in_force.endswith("Ils permettent de mesurer l'efficacité des actions mises en œuvre.")
    # fiche: an objective added (then one of its actions rewritten by the second avenant)
    assert [o.numero for o in site.fiches[3].objectifs] == ["3.1", "3.2", "3.9"]
    assert site.fiches[3].objectifs[-1].actions[0].texte.startswith("Recenser, avec les entreprises")
    assert [o.numero for o in signed.fiches[3].objectifs] == ["3.1", "3.2"]
    # Annexe 8: a PSU target and the printed total
    assert site.trajectoires["calais"].lignes[0].places[2026].valeur == "48"
    assert signed.trajectoires["calais"].lignes[0].places[2026].valeur == "44"
    assert site.trajectoires["calais"].total_source[2026].valeur == "351"
    # Annexe 3: an équipement removed
    assert "marck-alsh-ados-cousteau" not in site.equipements
    assert "marck-alsh-ados-cousteau" in signed.equipements
    # The files of content/ are untouched.
    assert (root / "convention" / "article-07.yaml").read_text(encoding="utf-8") == (CONTENT / "convention" / "article-07.yaml").read_text(encoding="utf-8")


def test_real_content_has_no_avenant():
    site, found = check_content(CONTENT)
    assert found == []
    assert site.versions.avenants == () and site.versions.signe is None
    assert not list((CONTENT / "avenants").glob("*.yaml")), "la source ne contient aucun avenant : content/avenants/ reste vide"


# --- pages ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def avenant_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("avenants")
    content = with_avenants(root / "content", VALIDES)
    site = root / "site"
    result = build_site(site, extra_env={"CTG_CONTENU": str(content)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_consolidated_article_is_marked_and_links_to_avenant_and_signed_version(avenant_site):
    page = html(avenant_site, "convention/article-07")
    assert "Version consolidée au 15 février 2027" in page
    assert re.search(r"<del>Une évaluation des actions est conduite au fur et à mesure", page)
    assert re.search(r"<ins>Une évaluation des actions est conduite chaque année", page)
    assert "[Texte supprimé par l’avenant n°1 :]" in page and "[Texte ajouté par l’avenant n°1 :]" in page  # a text label, not colour alone
    assert 'href="../../avenants/avenant-01/"' in page
    assert 'href="../../texte-signe/convention/article-07/"' in page
    signed = html(avenant_site, "texte-signe/convention/article-07")
    assert "Texte tel que signé" in signed
    assert "Une évaluation des actions est conduite au fur et à mesure" in signed
    assert "<ins>" not in signed and "chaque année" not in signed
    assert 'href="../../../convention/article-07/"' in signed


def test_fiche_annexe8_and_commune_pages_show_each_kind_of_change(avenant_site):
    fiche = unescape(html(avenant_site, "plan-action/fiche-03"))
    assert "Objectif 3.9" in fiche and "[Texte ajouté par" in fiche and "texte-signe/plan-action/fiche-03/" in fiche
    annexe8 = html(avenant_site, "annexes/annexe-8-trajectoire")
    assert "Version consolidée" in annexe8 and "<del>44</del>" in annexe8 and "<ins>48</ins>" in annexe8
    marck = html(avenant_site, "communes/marck")
    assert "Suppression" in marck and "<del>ALSH Accueil Adolescents</del>" in marck
    assert 'id="marck-alsh-ados-cousteau"' not in marck
    assert 'id="marck-alsh-ados-cousteau"' in html(avenant_site, "texte-signe/communes/marck")


def test_avenants_index_avenant_pages_and_both_full_conventions(avenant_site):
    index = html(avenant_site, "avenants")
    assert "Aucun avenant" not in index
    assert "Avenant n°1" in index and "Avenant n°2" in index and "20 mars 2026" in index
    first = html(avenant_site, "avenants/avenant-01")
    assert "Bureau communautaire de Grand Calais Terres &amp; Mers — 11 mars 2026" in first
    assert "Modifications (2)" in first and "texte signé" in first
    in_force = html(avenant_site, "convention-complete")
    signed = html(avenant_site, "texte-signe/convention-complete")
    assert "Version consolidée au 15 février 2027" in in_force and "<ins>" in in_force
    assert "Texte tel que signé" in signed and "<ins>" not in signed
    assert "Une évaluation des actions est conduite au fur et à mesure" in signed


def test_history_of_a_page_names_its_avenants(avenant_site):
    page = html(avenant_site, "plan-action/fiche-03")
    history = page[page.index('class="ctg-historique"') :]
    assert "Avenant n°2" in history and "Avenant n°1" in history
    assert '<time datetime="2027-02-15">' in page  # last change: the newest avenant


def test_every_link_of_the_site_with_avenants_resolves(avenant_site):
    """Banners, marks and signed copies are raw HTML: MkDocs does not check their links, this does."""
    from test_site import test_internal_links_and_anchors_resolve

    test_internal_links_and_anchors_resolve(avenant_site)


# --- the real site (no avenant) ---------------------------------------------------------------------------


def test_real_site_says_there_is_no_avenant_and_every_page_has_its_history(built_site):
    index = html(built_site, "avenants")
    assert "Aucun avenant à ce jour" in index
    assert "Aucun avenant à ce jour" in html(built_site, "convention")
    assert not (built_site / "texte-signe").exists()
    pages = [p for p in built_site.rglob("index.html") if p.parent.name not in ("recherche",)]
    generated = [p for p in pages if "Fichiers de contenu" in p.read_text(encoding="utf-8")]
    assert len(generated) > 100
    missing = [str(p.relative_to(built_site)) for p in generated if "Historique de la page" not in p.read_text(encoding="utf-8")]
    assert not missing, missing[:10]
    fiche = html(built_site, "plan-action/fiche-01")
    assert "Dernière modification le" in fiche and "Première transcription" in fiche
    trajectoire = html(built_site, "annexes/annexe-8-trajectoire")
    assert "Correction de transcription" in trajectoire and "(note : " in trajectoire


def _history_text(page: str) -> str:
    start = page.index('class="ctg-historique"')
    text = re.sub(r"<[^>]+>", " ", page[start : page.index("</details>", start)])
    # The typography hook puts no-break spaces inside « »: compare words, not the kind of space.
    return text.replace(NBSP, " ")


def test_real_site_history_in_words_and_which_pages_have_one(built_site):
    """The pages the reviewer read (CONTRIBUTING 6 quinquies): what the git history of main really did."""
    fiche = _history_text(html(built_site, "plan-action/fiche-07"))
    # Issue 12 gave its indicators stable identifiers: not a correction, nothing removed.
    assert "Mise à jour technique, texte inchangé" in fiche and "identifiant stable ajouté à 5 éléments (texte inchangé)" in fiche
    assert "retiré" not in fiche and "Correction de transcription" not in fiche
    frethun = _history_text(html(built_site, "communes/frethun"))
    assert "Repères : 15 éléments ajoutés (« Petite enfance" in frethun and "Notes de transcription : ajouté" in frethun
    for raw in ("reperes", "∅", "[", "&quot;"):
        assert raw not in frethun, raw
    suivi = _history_text(html(built_site, "suivi"))
    assert "Mise en ligne du suivi" in suivi and "transcri" not in suivi
    # Tool pages and sommaires have neither a date nor a history; the print page has the history of its pages.
    for path in ("recherche", "acteurs", "communes", "plan-action", "annexes", "avenants", "convention"):
        page = html(built_site, path)
        assert "Historique de la page" not in page and "Dernière modification le" not in page, path
    assert "Fiche action n°" in _history_text(html(built_site, "convention-complete"))


def test_history_classifies_corrections_avenants_and_follow_up(tmp_path):
    """One git log pass: a correction with its note, a follow-up update (content/suivi/), an addition."""
    from ctg.historique import read_history

    folder = tmp_path / "depot"
    (folder / "content" / "convention").mkdir(parents=True)
    (folder / "content" / "suivi").mkdir()
    article = folder / "content" / "convention" / "article-11.yaml"
    shutil.copy(CONTENT / "convention" / "article-11.yaml", article)
    suivi = folder / "content" / "suivi" / "fiche-01.yaml"
    suivi.write_text("fiche: 1\nvaleur: \"12\"\n", encoding="utf-8")
    _git(folder, "init", "-q", "-b", "main")

    def commit(message: str) -> None:
        _git(folder, "-c", "user.name=Essai", "-c", "user.email=essai@example.org", "add", "-A")
        _git(folder, "-c", "user.name=Essai", "-c", "user.email=essai@example.org", "commit", "-q", "-m", message)

    commit("transcription")
    article.write_text(
        article.read_text(encoding="utf-8").replace("par les parties.", "par toutes les parties.", 1)
        + 'notes_source:\n  - type: correction\n    champ: "paragraphe 1"\n    texte: "« toutes » relu dans la source."\n',
        encoding="utf-8",
    )
    suivi.write_text("fiche: 1\nvaleur: \"14\"\n", encoding="utf-8")
    commit("correction et suivi")
    history = read_history(folder)
    events = history.events["content/convention/article-11.yaml"]
    assert [e.libelle for e in events] == ["Correction de transcription", "Première transcription"]
    assert events[0].note == "« toutes » relu dans la source." and "toutes les parties" in events[0].resume
    follow_up = history.events["content/suivi/fiche-01.yaml"][0]
    assert follow_up.libelle == "Mise à jour du suivi" and "« 12 » → « 14 »" in follow_up.resume
    assert history.dates["content/suivi/fiche-01.yaml"] == events[0].date


# --- the reviewer guard ---------------------------------------------------------------------------------


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, timeout=60)


@pytest.fixture
def repository(tmp_path) -> Path:
    """A small git repository with the real content on « main »."""
    folder = tmp_path / "depot"
    shutil.copytree(CONTENT, folder / "content")
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "-c", "user.name=Essai", "-c", "user.email=essai@example.org", "add", "-A")
    _git(folder, "-c", "user.name=Essai", "-c", "user.email=essai@example.org", "commit", "-q", "-m", "contenu signé")
    _git(folder, "switch", "-q", "-c", "modif-article")
    return folder


def _edit_article(folder: Path) -> Path:
    path = folder / "content" / "convention" / "article-11.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("d'un avenant par les parties.", "d'un avenant signé par les parties.", 1), encoding="utf-8")
    return path


def test_guard_fires_on_a_branch_that_edits_an_article_without_avenant(repository):
    _edit_article(repository)
    result = run_ctg("check", "--depuis", "main", "--format", "github", cwd=repository)
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "::warning file=content/convention/article-11.yaml,line=9,col=1::modification du texte signé : "
        "correction de transcription (ajoutez la note qui la justifie) ou avenant ?"
    ) in result.stdout
    assert "::error file=content/convention/article-11.yaml,line=9,col=1::correction du texte signé sans note" in result.stdout
    assert "Traceback" not in result.stderr
    diff = run_ctg("diff", "main", cwd=repository)
    assert diff.returncode == 0
    assert "⚠ Texte signé modifié hors avenant" in diff.stdout
    assert "content/convention/article-11.yaml, ligne 9 — modification du texte signé" in diff.stdout


def test_guard_accepts_a_correction_with_its_note_and_ignores_notes_only(repository):
    path = _edit_article(repository)
    path.write_text(
        path.read_text(encoding="utf-8")
        + 'notes_source:\n  - type: correction\n    champ: "paragraphe 1"\n    texte: "Essai : « signé » relu dans la source."\n',
        encoding="utf-8",
    )
    result = run_ctg("check", "--depuis", "main", cwd=repository)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "avertissement : modification du texte signé" in result.stdout
    _git(repository, "checkout", "-q", "--", "content/convention/article-11.yaml")
    notes_only = repository / "content" / "convention" / "article-12.yaml"
    notes_only.write_text(notes_only.read_text(encoding="utf-8").replace("est aussi gardé tel qu'écrit", "est aussi gardé tel qu'il est écrit"), encoding="utf-8")
    result = run_ctg("check", "--depuis", "main", cwd=repository)
    assert result.returncode == 0 and "texte signé" not in result.stdout, result.stdout


def test_guard_ignores_an_avenant(repository):
    shutil.copytree(VALIDES / "avenants", repository / "content" / "avenants", dirs_exist_ok=True)
    shutil.copytree(VALIDES / "deliberations", repository / "content" / "deliberations", dirs_exist_ok=True)
    result = run_ctg("check", "--depuis", "main", cwd=repository)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "texte signé" not in result.stdout


def test_guard_refuses_an_unknown_revision(repository):
    result = run_ctg("check", "--depuis", "n-existe-pas", cwd=repository)
    assert result.returncode == 2
    assert "révision « n-existe-pas » introuvable" in result.stderr and "Traceback" not in result.stderr


# --- in a browser -----------------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def avenant_server(avenant_site):
    handler = functools.partial(_QuietHandler, directory=str(avenant_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


AVENANT_PAGES = [
    "avenants/",
    "avenants/avenant-01/",
    "avenants/avenant-02/",
    "convention/article-07/",
    "texte-signe/convention/article-07/",
    "plan-action/fiche-03/",
    "annexes/annexe-8-trajectoire/",
    "communes/marck/",
    "convention-complete/",
    "texte-signe/convention-complete/",
]


@pytest.mark.navigateur
@pytest.mark.parametrize("path", AVENANT_PAGES)
def test_avenant_pages_pass_axe(browser, avenant_server, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        response = page.goto(avenant_server + path, wait_until="networkidle")
        assert response is not None and response.status == 200
        assert page.locator("h1").count() == 1
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
        )
        assert result == [], json.dumps(result, ensure_ascii=False, indent=1)
        assert errors == []
    finally:
        context.close()
