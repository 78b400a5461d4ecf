"""Site search: the words a query is folded to, the synonyms it is widened with, and the Pagefind index.

Pagefind (a static, chunked index: a phone downloads only the parts a query needs) indexes the
article of every page, never the menu or the footer. It already ignores accents, case and French
word endings (stemming). What it does not know — typographic apostrophes and elisions, ligatures,
stop words, the everyday words of families — is folded here for the index's synonyms and, with the
same rules, by docs/assets/recherche.js for the query.

Two more lists go to the query side with the synonyms, both computed from validated content: the names
of each kind of service (service_kinds: a query naming « crèche » shows the crèches first; a boost in
recherche.js rather than Pagefind weights, because the same service record must rank first for
« crèche » and not for « places en crèche PSU »), and the words a typo is corrected to
(typo_vocabulary: « creshe » → « crèche », never a word that is on the site).
"""

from __future__ import annotations

import html as html_module
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from .model import Site
from .text import fold as text_fold

# Elided articles and pronouns (l'accueil, d'enfants, qu'il, jusqu'à…): dropped, never searched alone.
ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)'(?=.)")
TOKEN = re.compile(r"[a-z0-9']+")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'"})
# French words that carry no meaning for a search (a query made only of them keeps them).
STOP_WORDS = frozenset(
    """a au aux avec ce ces comment dans de des du elle en est et eux il ils je la le les leur leurs
    lui ma mais me meme mes moi mon ne nos notre nous on ou par pour qu que qui quoi sa se ses son
    sur ta te tes toi ton tu un une vos votre vous y ou quel quelle quels quelles est-ce sont suis
    etre avoir ai as avez avons ont faire fait trouver cherche chercher besoin veux voudrais
    puis peut peux pouvoir comment combien""".split()
)

# Kinds of pages shown next to each result, so that a parent can choose (first matching prefix wins).
PAGE_KINDS: tuple[tuple[str, str], ...] = (
    ("plan-action/fiche-", "Fiche action"),
    ("plan-action/", "Plan d'action"),
    ("communes/", "Commune"),
    ("services/", "Annuaire des services"),
    ("acteurs/", "Acteur"),
    ("convention/article-", "Article"),
    ("convention/", "Convention"),
    ("enjeux/", "Enjeu"),
    ("territoire/", "Chiffres"),
    ("annexes/fiches-de-poste/", "Fiche de poste"),
    ("annexes/", "Annexe"),
    ("deliberations/", "Délibération"),
    ("presentation/", "Présentation"),
    ("glossaire/", "Glossaire"),
    ("donnees/", "Données ouvertes"),
    ("a-propos/", "À propos"),
)
INDEX_PAGES = {"communes/": "Liste", "acteurs/": "Liste", "enjeux/": "Liste", "territoire/": "Chiffres", "convention/": "Convention"}


def fold(text: str) -> str:
    """The project's fold (lower case, no accents, no ligatures) with straight apostrophes, which the
    elisions need: what both sides compare."""
    return text_fold(text.translate(APOSTROPHES))


def search_terms(text: str) -> list[str]:
    """The words of a query or a synonym as the search compares them."""
    words = [ELISION.sub("", token).replace("'", "") for token in TOKEN.findall(fold(text))]
    words = [w for w in words if len(w) > 1 or w.isdigit()]  # « d' » or « l » alone: never searched
    meaningful = [w for w in words if w not in STOP_WORDS]
    return meaningful or words


def page_kind(url: str, agglomeration: str = "") -> str:
    """« Fiche action », « Commune », « Acteur »… from the page's address (relative, with a trailing
    slash); the page of the agglomération (id ``agglomeration``) is « Agglomération »."""
    url = url.lstrip("/")
    if agglomeration and url.startswith(f"communes/{agglomeration}/"):
        return "Agglomération"
    if url in INDEX_PAGES:
        return INDEX_PAGES[url]
    for prefix, kind in PAGE_KINDS:
        if url.startswith(prefix):
            return kind
    return "Page"


def _glossary_expansion(definition: str) -> str:
    """« Accueil de loisirs sans hébergement (ALSH de la ville) » → its words before any parenthesis."""
    return re.split(r"\s[(\[—]", definition, maxsplit=1)[0].strip(" ,;.")


def synonym_rules(site: Site) -> list[dict]:
    """Folded rules for the query side: typed words (``de``) → other queries searched too (``aussi``).

    The editors' referential maps everyday words to the convention's words; every acronym of the
    glossary maps to its expansion and back.
    """
    rules: dict[tuple[str, ...], list[str]] = {}

    def add(typed: str, other: str) -> None:
        key, target = tuple(search_terms(typed)), " ".join(search_terms(other))
        if key and target and " ".join(key) != target and target not in rules.setdefault(key, []):
            rules[key].append(target)

    if site.synonymes is not None:
        for entry in site.synonymes.synonymes:
            for typed in entry.mots:
                for other in entry.convention:
                    add(typed, other)
    for entree in site.glossaire.entrees:
        if tuple(search_terms(entree.sigle)) in rules:
            # The editors already say what the sigle stands for (RAM → relais petite enfance): their words
            # win over the glossary's definition, which may explain (« …, ancien nom des RPE ; … »).
            continue
        expansion = _glossary_expansion(entree.definition)
        add(entree.sigle, expansion)
        if len(search_terms(expansion)) > 1:  # one common word (« Département ») does not stand for a sigle
            add(expansion, entree.sigle)
    return [{"de": list(key), "aussi": targets} for key, targets in sorted(rules.items())]


def _plural(word: str) -> str:
    """« crèches » and « crèche », « jeux » and « jeu » compare equal (as in recherche.js)."""
    return word[:-1] if len(word) > 4 and word[-1] in "sx" else word


def service_kinds(site: Site) -> dict[str, list[list[str]]]:
    """The names that make a query ask for a kind of service (an équipement type), folded: the words that
    the synonyms referential ties to the type (« services »), the convention's own name of the type in
    the services lists (« EAJE », « ALSH Extrascolaire ») and, when that name is a sigle of the
    glossary, its expansion (« relais petite enfance »). Only validated content: nothing is guessed."""
    glossary = {tuple(search_terms(e.sigle)): _glossary_expansion(e.definition) for e in site.glossaire.entrees}
    names: dict[str, list[list[str]]] = {}

    def add(kind: str, text: str) -> None:
        words = search_terms(text)
        if words and words not in names.setdefault(kind, []):
            names[kind].append(words)

    if site.synonymes is not None:
        for entry in site.synonymes.synonymes:
            for kind in entry.services:
                for typed in entry.mots:
                    add(kind, typed)
    for place in site.equipements.values():
        kind, name = place.equipement.type, place.equipement.intitule_type
        add(kind, name)
        if tuple(search_terms(name)) in glossary:
            add(kind, glossary[tuple(search_terms(name))])
    return {kind: names[kind] for kind in sorted(names)}


# « Did you mean »: a typed word of 5 letters or more that is not on the site, one letter away (one
# letter more, less, changed, or two swapped) from a word of the site's own vocabulary, is searched as
# that word (« creshe », « crech » → « crèche »).
TYPO_MIN_LENGTH = 5
_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


def _one_letter_away(word: str) -> set[str]:
    halves = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in halves if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in halves if len(b) > 1}
    found |= {a + c + b[1:] for a, b in halves if b for c in _LETTERS}
    found |= {a + c + b for a, b in halves for c in _LETTERS}
    found.discard(word)
    return found


def _words_with_spelling(text: str) -> list[tuple[str, str]]:
    """(folded word, word as written) for each word of a text."""
    pairs = []
    for token in re.findall(r"[\w'’]+", text):
        for word in search_terms(token):
            written = re.sub(r"^\w{1,7}['’]", "", token) if "'" in fold(token) else token
            pairs.append((word, written.lower() if fold(written) == word else word))
    return pairs


def typo_vocabulary(site: Site, site_words: dict[str, int]) -> dict:
    """The words a typo is corrected to, and the words of the site that must never be corrected.

    ``mots``: [compared form, as written] for each word (5 letters or more) of the synonyms referential,
    the services' kinds (as the site names them and as the convention does) and the communes' names,
    most frequent on the site first. ``voisins``: the words of the site that are one letter away from
    one of them (a real word is searched as typed)."""
    from schema.vocabulaires import EQUIPEMENT_TYPE_LABELS

    texts: list[str] = list(EQUIPEMENT_TYPE_LABELS.values())
    if site.synonymes is not None:
        for entry in site.synonymes.synonymes:
            texts += entry.mots + entry.convention
    texts += [place.equipement.intitule_type for place in site.equipements.values()]
    texts += [commune.nom for commune in site.communes.values()]
    written: dict[str, str] = {}
    for text in texts:
        for word, spelling in _words_with_spelling(text):
            if len(word) >= TYPO_MIN_LENGTH and not word.isdigit():
                written.setdefault(_plural(word), spelling)
    neighbours: set[str] = set()
    for word in written:
        neighbours |= _one_letter_away(word)
    known = sorted({_plural(w) for w in site_words if len(w) >= TYPO_MIN_LENGTH} & neighbours - set(written))
    order = sorted(written, key=lambda w: (-site_words.get(w, 0) - site_words.get(w + "s", 0), w))
    return {"mots": [[w, written[w]] for w in order], "voisins": known}


def site_words(pages: list[IndexedPage]) -> dict[str, int]:
    """How often each folded word appears in the searched text of the pages (their article)."""
    counts: dict[str, int] = {}
    for page in pages:
        html = page.html_file.read_text(encoding="utf-8")
        start = html.find(ARTICLE)
        text = html_module.unescape(_TAG.sub(" ", html[start : html.rfind("</article>")] if start >= 0 else ""))
        for word in search_terms(text) if text.strip() else []:
            counts[word] = counts.get(word, 0) + 1
    return counts


def write_synonyms(site: Site, destination: Path, pages: list[IndexedPage] | None = None) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    vocabulary = {
        "regles": synonym_rules(site),
        "mots_vides": sorted(STOP_WORDS),
        "services": service_kinds(site),
        "corrections": typo_vocabulary(site, site_words(pages or [])),
    }
    text = json.dumps(vocabulary, ensure_ascii=False, separators=(",", ":"))
    destination.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------------
# The index

ARTICLE = '<article class="md-content__inner md-typeset">'
# What is not content: permalinks, breadcrumb, provenance box, list filters, map links.
EXCLUDED = [".headerlink", "nav.ctg-fil", ".ctg-provenance", ".ctg-filtres", ".md-source-file", ".ctg-carte"]
_NOTE = re.compile(r'<(div class="admonition note"|details class="note ctg-notes")>')
# On commune pages, the type headings above the service cards repeat what each service record says.
_SERVICE_GROUP = re.compile(r'<h3(?= id="[^"]+">(?:(?!</h3>).)*</h3>\s*<article class="ctg-equipement")', re.S)
_H1 = re.compile(r"<h1(?=[ >])")
_NAMED = re.compile(r'<h4 id="titre-')
_SERVICE = re.compile(r'<article class="ctg-equipement" id="([^"]+)"[^>]*>(.*?)</article>', re.S)
_SERVICE_KIND = re.compile(r'<article class="ctg-equipement"[^>]* data-type="([^"]+)"')
_SERVICE_NAME = re.compile(r'<h4 id="titre-[^"]+">(.*?)</h4>', re.S)
_TAG = re.compile(r"<[^>]+>")
REPEATED_NAME_LISTS = ('ul class="ctg-pres-liste', 'ol class="ctg-liste-source', 'ul class="ctg-fiches-suivi ctg-liste-suivi', 'div class="ctg-hors-commune')
SERVICE_PAGES = ("Commune", "Agglomération")  # where each service (équipement) has its address


@dataclass(frozen=True)
class IndexedPage:
    url: str  # relative to the site root, with its trailing slash ("plan-action/fiche-01/")
    title: str
    html_file: Path
    kind: str = ""  # « Fiche action », « Commune »… (page_kind); from the address when not given


def _meta(key: str, value: str) -> str:
    return f'<span hidden data-pagefind-meta="{key}:{escape(value)}"></span>'


def prepared_html(page: IndexedPage) -> str:
    """The HTML handed to Pagefind (the published file is left untouched): the page's kind and title as
    metadata, its title weighted up, transcription notes weighted down. Services are indexed on
    their own (see service_records), so a commune page or the services directory stays small."""
    html = page.html_file.read_text(encoding="utf-8")
    meta = _meta("genre", page.kind or page_kind(page.url)) + _meta("title", page.title)
    html = html.replace(ARTICLE, ARTICLE.replace(">", " data-pagefind-body>") + meta, 1)
    html = _H1.sub('<h1 data-pagefind-weight="10"', html, count=1)
    html = _SERVICE_GROUP.sub("<h3 data-pagefind-ignore", html)
    html = html.replace('<article class="ctg-equipement"', '<article data-pagefind-ignore="all" class="ctg-equipement"')
    # A commune's summary of its services, its Annexe 3 list, the dashboard's list of fiches and the
    # services that serve a commune from elsewhere (its repères say the same) repeat what has its own
    # record or page: the page is not made longer with them.
    for repeated in REPEATED_NAME_LISTS:
        html = html.replace(f'<{repeated}"', f'<{repeated}" data-pagefind-ignore="all"')
    return _NOTE.sub(r'<\1 data-pagefind-weight="0.1">', html)


def service_records(page: IndexedPage) -> dict[str, str]:
    """One small search record per service of a commune page: its name, kind « Service », its
    commune, and its address on the commune page (« lien »). Key: the record's folder."""
    if (page.kind or page_kind(page.url)) not in SERVICE_PAGES:
        return {}
    records = {}
    for match in _SERVICE.finditer(page.html_file.read_text(encoding="utf-8")):
        identifier, body = match.groups()
        name = _SERVICE_NAME.search(body)
        title = html_module.unescape(_TAG.sub("", name.group(1))).strip() if name else identifier
        meta = _meta("genre", "Service") + _meta("title", title) + _meta("lieu", page.title) + _meta("lien", f"{page.url}#titre-{identifier}")
        kind = _SERVICE_KIND.search(match.group(0))
        meta += _meta("type", kind.group(1)) if kind else ""
        body = _NAMED.sub('<h4 data-pagefind-weight="10" id="titre-', body)
        records[f"service/{identifier}"] = (
            f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f"<body><main data-pagefind-body>{meta}{body}</main></body></html>"
        )
    return records


def _run_pagefind(folder: Path, output: Path) -> None:
    """The Pagefind binary of the pinned `pagefind[bin]` package, run once on the prepared folder and
    finished before the build goes on. (Through Pagefind's asynchronous Python API, one build of ours
    published an empty pagefind-entry.json and a truncated worker: the search was broken.)"""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(output), "--force-language", "fr", "--silent"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not (output / "pagefind-entry.json").stat().st_size:
        raise RuntimeError(f"l'index de recherche n'a pas pu être écrit :\n{result.stdout}\n{result.stderr}")


def write_index(pages: list[IndexedPage], site_dir: Path) -> None:
    """Write the Pagefind index into site_dir/pagefind/ (script, index chunks, fragments)."""
    output = Path(site_dir) / "pagefind"
    shutil.rmtree(output, ignore_errors=True)
    # The prepared copies go to a temporary folder laid out like the site (the folder gives each
    # page its URL); the published pages are left untouched.
    with tempfile.TemporaryDirectory() as folder:
        def write(relative: str, html: str) -> None:
            copy = Path(folder) / relative / "index.html"
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(html, encoding="utf-8")

        for page in pages:
            write(page.url, prepared_html(page))
            for relative, html in service_records(page).items():
                write(relative, html)
        _run_pagefind(Path(folder), output)
    # Pagefind's ready-made interfaces are not used (recherche.js renders the results): not published.
    for unused in ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js", "wasm.unknown.pagefind"):
        for path in output.glob(unused):
            path.unlink()
