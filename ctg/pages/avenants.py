"""Pages of the avenants: the index, one page per avenant, the signed version of every page an
avenant changes (under texte-signe/), and the marks on the consolidated pages.

Pages of the text in force are generated from the marked copy of the model (ctg.avenants); once
written (every text already escaped for its context), the marks become ``<del>``/``<ins>`` with a
visible label and a link to the avenant — never colour alone.
"""

from __future__ import annotations

import dataclasses
import re

from schema import Avenant

from ..avenants import MARK, OPEN, Change, Versions, unmark
from ..kinds import KIND
from ..model import Site
from . import paths
from .common import Page, Renderer
from .markdown import esc, french_date, href, html_escape, join_blocks, rebase

INDEX = KIND["avenants"].index or "avenants/index.md"
SIGNED_FOLDER = "texte-signe/"
NO_AVENANT = "Aucun avenant à ce jour"
ACTIONS = {"remplacer": "remplacement", "ajouter": "ajout", "supprimer": "suppression"}


def avenant_path(numero: int) -> str:
    return KIND["avenants"].page_path(numero=numero)


def signed_path(path: str) -> str:
    return SIGNED_FOLDER + path


def versions_of(site: Site) -> Versions:
    versions = getattr(site, "versions", None)
    return versions if isinstance(versions, Versions) else Versions(avenants=())


def display_site(site: Site) -> Site:
    """The model pages are generated from: the text in force, with marks when an avenant applies."""
    return versions_of(site).marque or site


# --- marks -------------------------------------------------------------------------------------------

_ATTRIBUTE_WITH_MARK = re.compile(f'="[^"]*{OPEN}[^"]*"')


def _labelled(page_path: str, numero: int, old: str, new: str) -> str:
    # Plain words, no link: a mark may sit inside a link's label (a title in a list); the page's banner
    # links to each avenant.
    link = f"l’avenant n°{numero}"
    parts = []
    if old:
        parts.append(f'<span class="ctg-marque">[Texte supprimé par {link} :]</span> <del>{old}</del>')
    if new:
        parts.append(f'<span class="ctg-marque">[Texte ajouté par {link} :]</span> <ins>{new}</ins>')
    return '<span class="ctg-modifie">' + " ".join(parts) + "</span>"


def render_marks(text: str, page_path: str) -> str:
    """Marks of a written page (Markdown or HTML) → labelled ``<del>``/``<ins>``; plain text in attributes."""
    if OPEN not in text:
        return text
    text = _ATTRIBUTE_WITH_MARK.sub(lambda m: unmark(m.group(0)), text)
    return MARK.sub(lambda m: _labelled(page_path, int(m.group(1)), m.group(2), m.group(3)), text)


# --- banners -----------------------------------------------------------------------------------------


def field_words(champ: str | None) -> str:
    """« objectifs[3.9].actions[1] » → « objectifs › 3.9 › actions › n°1 » (field names as ctg diff says them)."""
    if not champ:
        return ""
    from ..avenants import TargetError, parse_path
    from ..review import FIELD_LABELS

    try:
        tokens = parse_path(champ)
    except TargetError:
        return champ
    words = []
    for kind, name in tokens:
        if kind == "key":
            words.append(FIELD_LABELS.get(name, name.replace("_", " ")))
        else:
            words.append(f"n°{name}" if name.isdigit() and len(name) < 3 else name)
    return " › ".join(words)


def _where(change: Change, with_target: bool = True) -> str:
    champ = field_words(change.modification.cible.champ)
    parts = ([change.target_label] if with_target else []) + ([champ] if champ else [])
    return " — ".join(parts)


def change_html(change: Change, page_path: str, with_avenant: bool = True, with_target: bool = True) -> str:
    modification = change.modification
    head = ""
    if with_avenant:
        head = f'<a href="{href(page_path, avenant_path(change.numero))}">Avenant n°{change.numero}</a> du {french_date(change.avenant.date_signature)} — '
    where = _where(change, with_target)
    label = ACTIONS[modification.action].capitalize() + (f" : {html_escape(where)}" if where else "")
    parts = [f"{head}{label}"]
    if modification.texte_avant and modification.action != "ajouter":
        parts.append(f'<span class="ctg-marque">[Texte supprimé :]</span> <del>{html_escape(modification.texte_avant)}</del>')
    new = modification.texte_apres
    if modification.element is not None:
        new = " — ".join(str(v) for k, v in modification.element.items() if isinstance(v, str))
    if new:
        parts.append(f'<span class="ctg-marque">[Texte ajouté :]</span> <ins>{html_escape(new)}</ins>')
    return "<li>" + "<br>".join(parts) + "</li>"


def banner(site: Site, page: Page, changes: list[Change], signed: str | None) -> str:
    versions = versions_of(site)
    date = french_date(versions.date_consolidation)
    numbers = sorted({c.numero for c in changes})
    which = ", ".join(f'<a href="{href(page.path, avenant_path(n))}">n°{n}</a>' for n in numbers)
    lines = [
        '<div class="ctg-version" role="note" aria-label="Version de la page">',
        f'<p><strong>Version consolidée au {date}</strong> : cette page donne le texte en vigueur, modifié par '
        f"{'les avenants' if len(numbers) > 1 else 'l’avenant'} {which}. Les passages changés sont marqués "
        "« Texte supprimé » (barré) et « Texte ajouté » (souligné).</p>",
    ]
    links = []
    if signed:
        links.append(f'<a href="{href(page.path, signed)}">Voir cette page telle que signée</a>')
    links.append(f'<a href="{href(page.path, INDEX)}">Tous les avenants</a>')
    lines.append("<p>" + " · ".join(links) + "</p>")
    if changes:
        # Passages marked in the text are listed again here, folded; a figure or a removed item is
        # shown here only: the list is then open.
        inline = OPEN in page.body or bool(page.chunks and any(OPEN in c for c in page.chunks))
        lines.append(f'<details class="ctg-version-detail"{"" if inline else " open"}><summary>Ce que les avenants ont changé ici ({len(changes)})</summary>')
        lines.append("<ul>" + "".join(change_html(c, page.path) for c in changes) + "</ul></details>")
    lines.append("</div>")
    return "\n".join(lines)


def signed_banner(page_path: str, in_force: str) -> str:
    return (
        '<div class="ctg-version ctg-version-signee" role="note" aria-label="Version de la page">'
        "<p><strong>Texte tel que signé</strong>, sans les avenants. "
        f'<a href="{href(page_path, in_force)}">Voir la version en vigueur (consolidée)</a> · '
        f'<a href="{href(page_path, INDEX)}">Tous les avenants</a></p></div>'
    )


def _after_title(body: str, block: str) -> str:
    """``block`` right after the page's h1 (the first line) and its breadcrumb, if any."""
    lines = body.split("\n\n")
    position = 1 if lines and lines[0].startswith("# ") else 0
    if len(lines) > position and lines[position].startswith('<nav class="ctg-fil"'):
        position += 1
    return "\n\n".join(lines[:position] + [block] + lines[position:])


# --- pages -------------------------------------------------------------------------------------------


def avenant_page(site: Site, avenant: Avenant, page_of: dict[str, str]) -> Page:
    path = avenant_path(avenant.numero)
    r = Renderer(site, path)
    title = f"Avenant n°{avenant.numero} du {french_date(avenant.date_signature)}"
    parts = [f"# {esc(title)}", r.breadcrumb((paths.CONVENTION, "La convention"), (INDEX, "Avenants"), title)]
    facts = [f"**Objet :** {r.text(avenant.objet)}", f"**Signé le :** {french_date(avenant.date_signature)}"]
    by_id = {d.id: d for d in site.deliberations}
    if avenant.deliberations:
        links = [
            r.link(paths.deliberation(i), f"{by_id[i].instance} — {french_date(by_id[i].date)}") if i in by_id else esc(i)
            for i in avenant.deliberations
        ]
        facts.append("**Approuvé par :** " + " ; ".join(links))
    parts.append("  \n".join(facts))
    changes = [c for c in versions_of(site).changes if c.numero == avenant.numero]
    items = []
    for change in changes:
        target = page_of.get(change.content_file)
        link = f'<a href="{href(path, target)}">{html_escape(change.target_label)}</a>' if target else html_escape(change.target_label)
        signed = page_of.get("signe:" + change.content_file)
        signed_link = f' (<a href="{href(path, signed)}">texte signé</a>)' if signed else ""
        items.append(change_html(change, path, with_avenant=False, with_target=False).replace("<li>", f"<li>{link}{signed_link}<br>", 1))
    parts.append(f"## Modifications ({len(changes)})")
    parts.append('<ul class="ctg-modifications">' + "".join(items) + "</ul>")
    parts.append(r.notes(avenant.notes_source))
    return Page(
        path=path,
        title=title,
        body=join_blocks(parts),
        description=f"Avenant n°{avenant.numero} à la convention : {avenant.objet}",
        reproduit=f"Avenant n°{avenant.numero} à la convention",
        source_files=[KIND["avenants"].source(numero=avenant.numero)],
    )


def index_page(site: Site) -> Page:
    path = INDEX
    r = Renderer(site, path)
    versions = versions_of(site)
    parts = [
        "# Avenants à la convention",
        "« Toute modification fera l'objet d'un avenant par les parties. Cet avenant devra notamment préciser toutes "
        "les modifications apportées à la convention d'origine ainsi qu'à ses annexes. » "
        "(" + (r.link(paths.texte("convention", "article-11"), "article 11") if "article-11" in site.textes else "article 11") + " de la convention)",
    ]
    if not versions.avenants:
        parts.append(f"**{NO_AVENANT}.** Le texte publié sur ce site est le texte signé.")
        parts.append(f"Pour le lire d'un bloc : {r.link(paths.IMPRIMER, 'la convention complète')}.")
    else:
        items = []
        for a in versions.avenants:
            count = sum(1 for c in versions.changes if c.numero == a.numero)
            label = f"Avenant n°{a.numero} du {french_date(a.date_signature)}"
            items.append(f"- {r.link(avenant_path(a.numero), label)} — {r.text(a.objet)} ({count} modification{'s' if count > 1 else ''})")
        parts.append(
            f"Le site donne le **texte en vigueur**, version consolidée au {french_date(versions.date_consolidation)}, "
            "et garde le **texte tel que signé** : chaque page modifiée le signale et renvoie à sa version signée."
        )
        parts.append("\n".join(items))
        parts.append(
            "La convention complète : "
            f"{r.link(paths.IMPRIMER, 'texte en vigueur (consolidé)')} · {r.link(signed_path(paths.IMPRIMER), 'texte tel que signé')}."
        )
    return Page(path=path, title="Avenants", body=join_blocks(parts), description="Les avenants à la convention et le texte en vigueur.", reproduit="Avenants (article 11 de la convention)")


def finish(site: Site, generated: list[Page], signed_pages: list[Page] | None = None) -> list[Page]:
    """Marks and banners on the pages of the text in force, the signed versions, the avenant pages."""
    versions = versions_of(site)
    result: list[Page] = []
    if not versions.avenants:
        for page in generated:
            if page.path == paths.CONVENTION:
                page = dataclasses.replace(page, body=page.body + f"\n\n{NO_AVENANT} : le texte publié est le texte signé ({Renderer(site, page.path).link(INDEX, 'les avenants')}).")
            elif page.path == paths.IMPRIMER:
                page = _with_parts(page, f"{NO_AVENANT} : cette page donne le texte tel que signé, qui est le texte en vigueur.")
            result.append(page)
        return result + [index_page(site)]
    touched_files = {c.content_file for c in versions.changes}
    signed_by_path = {p.path: p for p in (signed_pages or [])}
    page_of: dict[str, str] = {}
    signed_result: list[Page] = []
    for page in generated:
        changes = versions.changes_for(page.source_files)
        is_print = page.path == paths.IMPRIMER
        if changes or is_print:
            signed_source = signed_by_path.get(page.path)
            signed = signed_path(page.path) if signed_source else None
            if signed_source:
                signed_result.append(_signed_copy(signed_source, page.path))
            for file in page.source_files:
                if file in touched_files:
                    # The page of a file: the one built from it alone when there is one.
                    if len(page.source_files) == 1 or file not in page_of:
                        page_of[file] = page.path
                        if signed:
                            page_of["signe:" + file] = signed
            head = banner(site, page, changes if not is_print else list(versions.changes), signed)
            page = dataclasses.replace(page, body=_after_title(page.body, head), chunks=([page.chunks[0], head, *page.chunks[1:]] if page.chunks else None))
        result.append(_marked(page))
    result.append(index_page(site))
    result.extend(avenant_page(site, a, page_of) for a in versions.avenants)
    return result + signed_result


def _with_parts(page: Page, line: str) -> Page:
    note = f'<p class="ctg-version">{html_escape(line)}</p>'
    return dataclasses.replace(page, body=_after_title(page.body, note), chunks=([page.chunks[0], note, *page.chunks[1:]] if page.chunks else None))


def _marked(page: Page) -> Page:
    body = page.body
    if OPEN not in body and not (page.chunks and any(OPEN in c for c in page.chunks)) and OPEN not in page.title and OPEN not in (page.description or ""):
        return page
    return dataclasses.replace(
        page,
        title=unmark(page.title),
        description=unmark(page.description) if page.description else None,
        body=render_marks(body, page.path),
        chunks=[render_marks(c, page.path) for c in page.chunks] if page.chunks else None,
    )


def _signed_title(markdown: str) -> str:
    """The page's h1 says which version it is."""
    first, separator, rest = markdown.partition("\n")
    return (first + " (texte signé)" + separator + rest) if first.startswith("# ") else markdown


def _signed_copy(page: Page, in_force: str) -> Page:
    path = signed_path(page.path)
    body = rebase(page.body, page.path, path)
    head = signed_banner(path, in_force)
    body = _signed_title(body)
    chunks = [rebase(c, page.path, path) for c in page.chunks] if page.chunks else None
    if chunks:
        chunks[0] = _signed_title(chunks[0])
    return dataclasses.replace(
        page,
        path=path,
        title=f"{page.title} (texte signé)",
        body=_after_title(body, head),
        chunks=[chunks[0], head, *chunks[1:]] if chunks else None,
        in_menu=False,
        in_search=False,
        search_boost=None,
        description=(page.description or page.title) + " — texte tel que signé, sans les avenants.",
    )
