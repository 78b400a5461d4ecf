"""The site search as families use it: queries typed in Chromium on the built site, and the synonyms
referential that editors keep (validated like all content)."""

from __future__ import annotations

import json
from urllib.parse import quote, urlsplit

import pytest

from fixtures import REPO, build_site, run_ctg
from ctg.pipeline import check_content
from ctg.recherche import STOP_WORDS, page_kind, prepared_html, search_terms, service_kinds, synonym_rules, typo_vocabulary
from test_browser import AXE, _QuietHandler, server, visit  # noqa: F401  (shared browser fixtures)

# ---------------------------------------------------------------------------------------------------
# The synonyms referential


SYNONYMES = """\
synonymes:
  - mots: [halte-garderie]
    convention: [accueil occasionnel]
  - mots: [garderie, Halte garderie]
    convention: [multi-accueil]
"""


def test_synonyms_are_optional_and_validated(content):
    site, found = check_content(content)
    assert found == [] and site.synonymes is None
    (content / "referentiels" / "synonymes.yaml").write_text(SYNONYMES.replace("convention: [multi-accueil]", "conventions: [multi-accueil]"), encoding="utf-8")
    result = run_ctg("check", str(content))
    assert result.returncode != 0 and "Traceback" not in result.stderr + result.stdout
    output = result.stdout + result.stderr
    assert "referentiels/synonymes.yaml:5:" in output, output
    assert "conventions" in output


def test_a_typed_word_in_two_entries_is_refused_with_its_line(content):
    (content / "referentiels" / "synonymes.yaml").write_text(SYNONYMES, encoding="utf-8")
    site, found = check_content(content)
    assert site is None and len(found) == 1, [d.human() for d in found]
    d = found[0]
    assert d.path.endswith("referentiels/synonymes.yaml") and d.line == 4, d.human()
    assert "« Halte garderie » figure déjà dans l'entrée n°1" in d.message


def test_a_typed_word_made_only_of_elisions_is_refused(content):
    (content / "referentiels" / "synonymes.yaml").write_text(
        "synonymes:\n  - mots: [\"d'\"]\n    convention: [accueil]\n", encoding="utf-8"
    )
    site, found = check_content(content)
    assert site is None and "ne contient aucun mot cherchable" in found[0].message and found[0].line == 2


def test_an_unknown_kind_of_service_is_refused_with_its_line(content):
    (content / "referentiels" / "synonymes.yaml").write_text(
        "synonymes:\n  - mots: [crèche]\n    convention: [EAJE]\n    services: [creche]\n", encoding="utf-8"
    )
    result = run_ctg("check", str(content))
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "referentiels/synonymes.yaml:4:" in output, output


def test_kinds_of_service_are_named_by_the_referential_the_convention_and_the_glossary():
    site, found = check_content(REPO / "content")
    assert found == []
    kinds = service_kinds(site)
    assert {"creche"} <= {" ".join(n) for n in kinds["eaje"]} and ["halte", "garderie"] in kinds["eaje"]  # referential
    assert ["eaje"] in kinds["eaje"] and ["mac"] in kinds["eaje"]  # the convention's names in the services lists
    assert ["relais", "petite", "enfance"] in kinds["rpe"] and ["ram"] in kinds["rpe"]  # glossary, referential
    assert ["centre", "aere"] in kinds["alsh-extrascolaire"]  # Wednesdays and holidays, not the teenagers' ALSH
    assert not any(["centre", "aere"] in names for kind, names in kinds.items() if kind != "alsh-extrascolaire")
    assert ["alsh"] not in sum(kinds.values(), [])  # « ALSH » alone names three kinds: none is put first


def test_a_sigle_the_editors_explain_keeps_their_words_not_the_glossary_definition():
    site, found = check_content(REPO / "content")
    rules = {" ".join(rule["de"]): rule["aussi"] for rule in synonym_rules(site)}
    assert rules["ram"] == ["relais petite enfance"]  # not « relais assistantes maternelles ancien nom relais… »
    assert not any("ancien nom" in other for others in rules.values() for other in others), rules


def test_typos_are_corrected_to_the_site_vocabulary_never_a_word_of_the_site():
    site, found = check_content(REPO / "content")
    vocabulary = typo_vocabulary(site, {"creche": 40, "marche": 3, "raison": 2, "creer": 9})
    words = dict(vocabulary["mots"])
    assert words["creche"] == "crèche" and words["frethun"] == "fréthun" and words["ludotheque"] == "ludothèque"
    assert vocabulary["mots"][0] == ["creche", "crèche"]  # the most frequent on the site first
    assert "raison" in vocabulary["voisins"]  # one letter from « maison », but on the site: searched as typed
    assert "marche" not in vocabulary["voisins"] and "creer" not in vocabulary["voisins"]  # two letters away: never corrected anyway


def test_folding_drops_accents_ligatures_elisions_and_stop_words():
    assert search_terms("Crèche à CALAIS") == ["creche", "calais"]
    assert search_terms("Pomme d’Api") == search_terms("pomme d'api") == ["pomme", "api"]
    assert search_terms("la mise en Œuvre") == ["mise", "oeuvre"]
    assert search_terms("l'accueil qu'il faut") == ["accueil", "faut"]
    assert search_terms("d'") == [] and search_terms("le") == ["le"]  # only stop words: kept as typed
    assert "de" in STOP_WORDS


def test_real_synonyms_include_the_glossary_both_ways():
    site, found = check_content(REPO / "content")
    assert found == []
    rules = {" ".join(rule["de"]): rule["aussi"] for rule in synonym_rules(site)}
    assert "relais petite enfance" in rules["ram"]  # editors' referential
    assert "accueil occasionnel" in rules["halte garderie"]
    assert "relais petite enfance" in rules["rpe"] and "rpe" in rules["relais petite enfance"]  # glossary
    assert "calais" not in rules  # « Pas-de-Calais » (PDC) does not turn every « Calais » into « PDC »


def test_page_kinds():
    assert page_kind("plan-action/fiche-02/") == "Fiche action"
    assert page_kind("communes/marck/") == "Commune"
    assert page_kind("communes/gctm/", "gctm") == "Agglomération" and page_kind("communes/gctm/") == "Commune"
    assert page_kind("acteurs/caf/") == "Acteur"
    assert page_kind("convention/article-10/") == "Article"
    assert page_kind("communes/") == "Liste"


def test_index_reads_the_article_only_with_notes_weighted_down(built_site, tmp_path):
    from ctg.recherche import EXCLUDED, IndexedPage

    html = prepared_html(IndexedPage(url="communes/marck/", title="Marck", html_file=built_site / "communes/marck/index.html"))
    assert html.count("data-pagefind-body") == 1  # the article: menu, header and footer are not content
    assert 'data-pagefind-meta="genre:Commune"' in html
    assert '<details class="note ctg-notes" data-pagefind-weight="0.1">' in html  # transcription notes never lead
    # the type headings above the service cards repeat the service records: not indexed on the page
    assert '<h3 data-pagefind-ignore id="colonies-et-sejours-de-vacances">' in html
    from ctg.recherche import service_records

    records = service_records(IndexedPage(url="communes/marck/", title="Marck", html_file=built_site / "communes/marck/index.html", kind="Commune"))
    assert 'data-pagefind-meta="type:laep"' in records["service/marck-laep-gazouillis-babillage"]  # its kind, for the ranking
    assert '<h2 id="reperes">' in html
    assert "nav.ctg-fil" in EXCLUDED and ".ctg-provenance" in EXCLUDED


def test_lists_that_repeat_other_records_are_not_indexed_again(built_site):
    """The commune's summary of its services, its Annexe 3 list, what serves it from elsewhere and the
    dashboard's fiches repeat records of their own: indexed there, they made pages longer and moved
    « crèche à Calais » out of the first three."""
    from ctg.recherche import IndexedPage

    frethun = prepared_html(IndexedPage(url="communes/frethun/", title="Fréthun", html_file=built_site / "communes/frethun/index.html"))
    for start in ('<ul class="ctg-pres-liste"', '<ol class="ctg-liste-source"', '<div class="ctg-hors-commune"'):
        assert f'{start} data-pagefind-ignore="all"' in frethun, start
    suivi = prepared_html(IndexedPage(url="suivi/", title="Suivi", html_file=built_site / "suivi/index.html"))
    assert '<ul class="ctg-fiches-suivi ctg-liste-suivi" data-pagefind-ignore="all"' in suivi


# ---------------------------------------------------------------------------------------------------
# In the browser

def _results(page) -> list[dict]:
    page.wait_for_function(
        "() => { const t = document.querySelector('.ctg-recherche__etat').textContent; return t && !t.startsWith('Recherche en cours'); }",
        timeout=20000,
    )
    return page.locator(".ctg-resultat__titre").evaluate_all(
        "hs => hs.map(h => ({genre: h.querySelector('.ctg-resultat__genre').textContent, titre: h.querySelector('a').textContent, url: h.querySelector('a').getAttribute('href')}))"
    )


def _search(page, base: str, query: str) -> list[dict]:
    page.goto(base + "recherche/")
    box = page.locator("#ctg-q")
    box.fill(query)
    box.press("Enter")
    return _results(page)


def expected_in_first_three(urls: list[str], expected: str) -> bool:
    """A page (« communes/marck/ ») among the first three distinct pages; or, written « #-eaje- », a
    service whose anchor holds these letters among the first three results (a crèche, not a fiche)."""
    if expected.startswith("#"):
        return any(expected[1:] in urlsplit(url).fragment for url in urls[:3])
    pages: list[str] = []
    for url in urls:
        path = urlsplit(url).path.lstrip("/")
        if path not in pages:
            pages.append(path)
    return expected in pages[:3]


def _pages(results: list[dict]) -> list[str]:
    """Distinct pages, in order, as paths without the leading slash ("communes/marck/")."""
    seen: list[str] = []
    for result in results:
        path = urlsplit(result["url"]).path.lstrip("/")
        if path not in seen:
            seen.append(path)
    return seen


# Queries a family or a partner would type (not page titles), and the page each must show in the first three.
QUERIES = [
    # no accents, no capitals
    ("creche a calais", "communes/calais/"),
    ("sejour vacances enfants", "plan-action/fiche-08/"),
    ("pihen les guines", "communes/pihen-les-guines/"),
    ("duree de la convention", "convention/article-10/"),
    ("suivi evaluation ctg", "convention/article-07/"),
    # elisions and typographic apostrophes
    ("pomme d’api", "communes/calais/"),
    ("combien d'allocataires caf", "territoire/allocataires/"),
    ("caisse d'allocations familiales", "acteurs/caf/"),
    # plural and feminine
    ("assistante maternelle", "plan-action/fiche-02/"),
    ("devenir assistante maternelle", "plan-action/fiche-02/"),
    ("ludotheques", "communes/calais/"),
    # stop words and extra words of a sentence
    ("je cherche une creche pour mon bebe a marck", "communes/marck/"),
    ("ou trouver un relais petite enfance a coquelles", "communes/coquelles/"),
    ("qui signe la convention", "convention/signataires/"),
    # acronyms, any case
    ("caf", "acteurs/caf/"),
    ("Msa", "acteurs/msa/"),
    ("rpe", "acteurs/rpe/"),
    ("places en creche psu", "annexes/annexe-8-trajectoire/"),
    # everyday words → the convention's words (synonyms referential and glossary)
    ("RAM", "acteurs/rpe/"),
    ("relais assistantes maternelles", "acteurs/rpe/"),
    ("halte-garderie", "#-eaje-"),  # the services first (a multi-accueil takes children now and then); fiche 3 follows
    ("nounou", "plan-action/fiche-02/"),
    ("centre aéré", "communes/calais/"),  # its ALSH (accueils de loisirs)
    ("aide aux devoirs", "enjeux/parentalite/"),
    ("pole emploi", "acteurs/france-travail/"),
    ("maman solo", "plan-action/fiche-19/"),
    ("marchand de sommeil", "plan-action/fiche-21/"),
    ("aide facture chauffage", "plan-action/fiche-22/"),
    ("apprendre a lire et ecrire", "plan-action/fiche-23/"),
    # a service by its name
    ("gazouillis", "communes/marck/"),
    ("centre social marck", "acteurs/cs-cousteau/"),
    # a kind of service, as a reviewer typed it on a phone (« #…-eaje- »: a crèche among the first three results)
    ("creche", "#-eaje-"),
    ("creche calais", "#calais-eaje-"),
    ("halte garderie", "#-eaje-"),
    ("lieu accueil enfant parent", "#-laep-"),
    ("centre aere", "#-alsh-extrascolaire-"),
    ("ram", "#-rpe"),
    # typos near a word of the site
    ("creshe", "#-eaje-"),
    ("crech", "#-eaje-"),
]


@pytest.mark.navigateur
@pytest.mark.parametrize("query, expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_realistic_query_finds_the_page_in_the_first_three(visit, query, expected):
    v = visit()
    results = _search(v.page, v.base, query)
    assert expected_in_first_three([r["url"] for r in results], expected), [r["url"] for r in results[:5]]
    assert v.errors == [], v.errors


@pytest.mark.navigateur
@pytest.mark.parametrize(
    "query, service_title, fiche",
    [
        ("colonie de vacances", "Colonies et séjours de vacances", "plan-action/fiche-08/"),
        ("mon ado", "Accueil de loisirs pour les ados (ALSH ados)", "plan-action/fiche-12/"),
    ],
)
def test_family_query_leads_with_the_services_then_the_fiche(visit, query, service_title, fiche):
    """Since services carry plain-word type names, a family's words find the services themselves first
    (one per commune, with where they are), and the fiche that plans for them right after."""
    v = visit()
    results = _search(v.page, v.base, query)
    assert results[0]["genre"].startswith("Service") and results[0]["titre"] == service_title, results[:3]
    assert fiche in _pages(results)[:8], _pages(results)[:8]
    assert v.errors == [], v.errors


@pytest.mark.navigateur
@pytest.mark.parametrize(
    "query, anchor",
    [
        ("creche", "-eaje-"),
        ("creche calais", "calais-eaje-"),
        ("halte garderie", "-eaje-"),
        ("lieu accueil enfant parent", "-laep-"),
        ("centre aere", "-alsh-extrascolaire-"),  # Wednesdays and holidays, not the teenagers' ALSH
        ("crech", "-eaje-"),  # a letter missing
    ],
)
def test_a_query_naming_a_kind_of_service_shows_those_services_first(visit, query, anchor):
    """A reviewer typing like families on a phone: « creche » put Fiche action n°3 (a diagnostic) before
    the crèches, « halte garderie » showed no service in the first eight."""
    v = visit(viewport=(390, 844))
    results = _search(v.page, v.base, query)
    assert results[0]["genre"].startswith("Service") and anchor in urlsplit(results[0]["url"]).fragment, results[:3]
    assert v.errors == [], v.errors


@pytest.mark.navigateur
def test_ram_finds_the_rpe_its_services_and_a_clean_synonym_line(visit):
    v = visit(viewport=(390, 844))
    results = _search(v.page, v.base, "ram")
    assert results[0]["url"] == "/acteurs/rpe/", results[:3]  # as for « rpe »: the page named by the kind leads
    assert any("-rpe" in urlsplit(r["url"]).fragment for r in results[:3]), results[:4]
    status = v.page.locator(".ctg-recherche__etat").text_content()
    assert status.endswith("(aussi cherché : relais petite enfance)."), status


@pytest.mark.navigateur
def test_a_typo_near_a_word_of_the_site_finds_it_and_says_so(visit):
    v = visit(viewport=(390, 844))
    results = _search(v.page, v.base, "creshe")
    assert any("-eaje-" in urlsplit(r["url"]).fragment for r in results[:3]), results[:3]
    assert not any(r["titre"].startswith("Fiche action n°15") for r in results[:8])  # matched on « Créer » before
    status = v.page.locator(".ctg-recherche__etat").text_content()
    assert status.startswith("« creshe » n'apparaît pas dans le site : résultats pour « crèche »."), status
    assert v.errors == [], v.errors


@pytest.mark.navigateur
def test_a_word_of_the_site_is_never_corrected(visit):
    v = visit()
    page = v.open("recherche/")
    changes = page.evaluate(
        """async (queries) => { const l = await window.ctgRecherche.load();
            return queries.map(q => window.ctgRecherche.variants(q, l.vocabulary)[0].changes.map(c => c.shown)); }""",
        ["creshe", "crech", "Crèches", "attague", "calais", "marcq", "zzzzzz", "ludoteque"],
    )
    # « attague » is on the site (a transcription note quotes the OCR): searched as typed.
    assert changes == [["crèche"], ["crèche"], [], [], [], ["marck"], [], ["ludothèque"]]


@pytest.mark.navigateur
@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["ordinateur", "téléphone"])
def test_the_search_page_opened_without_a_query_is_ready_to_type(visit, viewport):
    """The header's search button on a phone opens /recherche/?q= : the field takes the typing at once."""
    v = visit(viewport=viewport)
    for address in ("recherche/", "recherche/?q="):
        page = v.open(address)
        assert page.evaluate("document.activeElement.id") == "ctg-q"
        page.keyboard.type("creche")
        page.keyboard.press("Enter")
        assert _results(page)[0]["genre"].startswith("Service")
    assert v.errors == [], v.errors


@pytest.mark.navigateur
@pytest.mark.parametrize(
    "typed, exact",
    [
        ("creche", "crèche"),
        ("sejours", "séjours"),
        ("precarite energetique", "précarité énergétique"),
        ("pomme d’api", "Pomme d'Api"),
        ("FRETHUN", "Fréthun"),
        ("oeuvre", "œuvre"),
        ("eaje", "EAJE"),
        ("halte garderie", "Halte-Garderie"),
        ("assistantes maternelles", "assistant maternel"),
    ],
)
def test_folded_query_finds_the_same_pages_as_the_exact_words(visit, typed, exact):
    v = visit()
    folded, written = _pages(_search(v.page, v.base, typed)), _pages(_search(v.page, v.base, exact))
    assert folded and folded[:5] == written[:5], (folded[:5], written[:5])


@pytest.mark.navigateur
def test_an_elision_alone_is_never_searched(visit):
    v = visit()
    assert _search(v.page, v.base, "d'") == []
    results = _search(v.page, v.base, "Pomme d'Api")
    assert results[0]["titre"] == "Pomme d'Api" and results[0]["genre"] == "Service · Calais"
    assert len(results) <= 12  # before: 167 documents, the « d' » matching everywhere


@pytest.mark.navigateur
def test_title_matches_come_first_and_results_say_their_kind(visit):
    v = visit()
    assert _search(v.page, v.base, "calais")[0] == {"genre": "Commune", "titre": "Calais", "url": "/communes/calais/"}
    assert _search(v.page, v.base, "sangatte")[0]["url"] == "/communes/sangatte-bleriot-plage/"
    first = _search(v.page, v.base, "caf")[0]
    assert first["genre"] == "Acteur" and first["url"] == "/acteurs/caf/"
    kinds = {r["genre"] for r in _search(v.page, v.base, "sejours")}
    assert {"Fiche action", "Service · Fréthun"} <= kinds, kinds


@pytest.mark.navigateur
def test_menu_footer_and_technical_pages_are_not_searched(visit):
    v = visit()
    # « Etalab » is in every page's footer, but in the content of two pages only.
    assert set(_pages(_search(v.page, v.base, "Etalab"))) == {"donnees/", "a-propos/mentions-legales/"}
    for query in ("LibYAML ramasse-miettes", "performances mesurées", "convention complète impression"):
        found = _pages(_search(v.page, v.base, query))
        assert "a-propos/performances/" not in found and "convention-complete/" not in found and "recherche/" not in found, found


@pytest.mark.navigateur
def test_search_from_the_header_with_the_keyboard_alone(visit):
    v = visit(viewport=(1280, 900))
    page = v.open("communes/marck/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "ctg-q-entete"
    page.keyboard.type("creche")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=creche")
    results = _results(page)
    assert results and page.evaluate("document.activeElement.tagName") != "A"
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.ctg-resultat')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('href')") == results[0]["url"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == urlsplit(results[0]["url"]).path
    hosts = {urlsplit(url).hostname for url in v.requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, hosts
    assert v.errors == [], v.errors


@pytest.mark.navigateur
@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["ordinateur", "téléphone"])
def test_axe_finds_no_violation_with_results_shown(visit, viewport):
    v = visit(viewport=viewport)
    page = v.open("recherche/?q=" + quote("assistante maternelle"))
    assert len(_results(page)) == 10
    page.locator(".ctg-recherche__suite button").click()
    assert page.locator(".ctg-resultat").count() > 10
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@pytest.mark.navigateur
def test_query_folding_is_the_same_in_the_browser_and_in_python(visit):
    v = visit()
    page = v.open("recherche/")
    samples = ["Crèche à CALAIS", "Pomme d’Api", "la mise en Œuvre", "l'accueil qu'il faut", "d'", "le", "Multi-accueil (EAJE)", "0-3 ans", "Ça", "fiche n°15", "Œuvre ÆSOP"]
    in_browser = page.evaluate(
        "async (samples) => { const l = await window.ctgRecherche.load(); return samples.map(s => window.ctgRecherche.terms(s, l.vocabulary.stopWords)); }",
        samples,
    )
    assert in_browser == [search_terms(s) for s in samples]


@pytest.mark.navigateur
def test_a_hostile_page_title_shows_as_text_in_results(content, tmp_path, browser):
    import functools
    import http.server
    import threading

    hostile = "<img src=x onerror=alert(1)> Ludothèque"
    fiche = content / "fiches" / "fiche-01.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("titre: Fiche d'essai", f'titre: "{hostile}"'), encoding="utf-8")
    destination = tmp_path / "site"
    result = build_site(destination, extra_env={"CTG_CONTENU": str(content)})
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_QuietHandler, directory=str(destination))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/recherche/?q=ludotheque")
        results = _results(page)
        assert any(hostile in r["titre"] for r in results), results
        assert page.locator(".ctg-resultats img").count() == 0
        assert dialogs == []
    finally:
        context.close()
        httpd.shutdown()
