"""Plan d'action pages: the index of the 24 fiches (with filters) and one page per fiche."""

from __future__ import annotations

import re

from schema import Fiche
from schema.libelles import titre

from ..kinds import KIND
from ..model import Site
from ..text import fold, item_texts
from . import paths
from .annexes import source_period
from .common import Page, Renderer, admonition, filter_form, filter_select
from .markdown import esc, href, html_escape, join_blocks
from .suivi import avancement_section

# Facets for the « public » filter, found in the wording of each fiche's publics visés.
PUBLIC_FACETS: dict[str, tuple[str, re.Pattern[str]]] = {
    "familles": ("Familles", re.compile(r"famil|menage")),
    "parents": ("Parents", re.compile(r"parent")),
    "enfants-jeunes": ("Enfants et jeunes", re.compile(r"enfant|jeune|ado")),
    "professionnels": ("Professionnels et partenaires", re.compile(r"professionn|acteur|gestionnaire|partenaire|structure|assistant|elus?\b")),
    "habitants": ("Habitants et usagers", re.compile(r"habitant|usager|tout public|bailleur")),
}


def public_facets(fiche: Fiche) -> list[str]:
    text = fold(" ".join(item_texts(fiche.publics)))
    return [key for key, (_, pattern) in PUBLIC_FACETS.items() if pattern.search(text)]


def fiche_label(fiche: Fiche) -> str:
    return f"Fiche action n°{fiche.numero} — {fiche.titre}"


def _actor_links(r: Renderer, site: Site, actor_ids: list[str]) -> str:
    return ", ".join(r.link(paths.acteur(a), site.acteurs[a].nom) for a in actor_ids)


# Printing is an enhancement (the bar stays hidden without JavaScript); notes can be left out.
PRINT_BAR = (
    '<div class="ctg-impression" data-impression hidden>'
    '<button type="button" class="md-button" data-imprimer>Imprimer cette fiche</button> '
    '<label><input type="checkbox" data-sans-notes> sans les notes de transcription</label>'
    "</div>"
)


def fiche_page(site: Site, fiche: Fiche, previous: Fiche | None, following: Fiche | None, embedded: bool = False) -> Page:
    path = paths.fiche(fiche.numero)
    r = Renderer(site, path, embedded)
    thematique = site.thematiques[fiche.thematique]
    enjeu = site.enjeu_de_fiche.get(fiche.numero)
    parts: list[str] = [f"# Fiche action n°{fiche.numero} — {r.text(fiche.titre)}"]

    steps = [(paths.PLAN, "Plan d'action (Annexe 4)")] + ([(paths.enjeu(enjeu), f"Enjeu : {thematique.nom}")] if enjeu else [])
    parts.append(r.breadcrumb(*steps))
    parts.append(PRINT_BAR)
    parts.append(_summary(r, fiche, thematique.nom, enjeu))
    parts.append(_frame_section(r, site, fiche))
    parts.append(_context_section(r, fiche))
    parts.append(_objectives_section(r, fiche))
    parts.append(f"## {titre('publics')}\n\n" + r.items(fiche.publics))
    parts.append(
        f"## {titre('calendrier')}\n\n"
        + ("\n".join(f"- {r.text(c)}" for c in fiche.calendrier) or "La fiche ne précise pas de calendrier.")
    )
    parts.append(_intervenants(r, site, titre("pilotes"), fiche.pilotes))
    if fiche.partenaires:
        parts.append(_intervenants(r, site, titre("partenaires"), fiche.partenaires))
    parts.append(f"## {titre('resultats_attendus')}\n\n" + r.items(fiche.resultats_attendus))
    parts.append(f"## {titre('indicateurs')}\n\n" + r.items(fiche.indicateurs))
    parts.append(avancement_section(r, site, fiche))
    if fiche.remarques:
        parts.append(f"## {titre('remarques')}\n\n" + r.paragraphs(fiche.remarques))
    parts.append(_links_section(r, site, fiche))
    parts.append(r.notes(fiche.notes_source))
    parts.append(_pager(path, previous, following))

    return Page(
        path=path,
        title=f"Fiche action n°{fiche.numero} — {fiche.titre}",
        body=join_blocks(parts),
        description=f"{thematique.nom} — {fiche.titre}",
        reproduit=f"Annexe 4 — plan d'action, fiche action n°{fiche.numero}",
        # The follow-up file of the fiche feeds its « Avancement » section (and its history).
        source_files=[KIND["fiches"].source(numero=fiche.numero)]
        + ([KIND["suivis"].source(fiche=fiche.numero)] if fiche.numero in site.suivi.fiches else []),
    )


def _summary(r: Renderer, fiche: Fiche, thematique: str, enjeu: str | None) -> str:
    """« En bref »: theme, pilots, calendar, publics, objectives and expected results in one box."""
    summary: list[str] = [
        "**Thématique :** " + (r.link(paths.enjeu(enjeu), thematique) if enjeu else esc(thematique)),
        "**Pilotes :** " + "; ".join(r.text(p.libelle) for p in fiche.pilotes),
        "**Calendrier :** " + (" ; ".join(r.text(c) for c in fiche.calendrier) or "non précisé dans la fiche"),
        "**Pour qui :** " + (" ; ".join(r.text(p.texte) for p in fiche.publics) or "non précisé dans la fiche"),
    ]
    expected = ("**Ce qui est attendu :**\n\n" + "\n".join(f"- {r.text(x.texte)}" for x in fiche.resultats_attendus)) if fiche.resultats_attendus else ""
    objectives = "**Objectifs :**\n\n" + "\n".join(f"- **{esc(o.numero)}** {r.text(o.intitule)}" for o in fiche.objectifs)
    return admonition("abstract", "En bref", "  \n".join(summary) + "\n\n" + objectives + ("\n\n" + expected if expected else ""))


def _frame_section(r: Renderer, site: Site, fiche: Fiche) -> str:
    """« Cadre »: the SDSF orientations and the missions of the SPPE law the fiche answers."""
    if not (fiche.orientations_sdsf or fiche.loi_sppe):
        return ""
    frame: list[str] = []
    for orientation in fiche.orientations_sdsf:
        frame.append(f"- **Orientation SDSF {esc(site.sdsf.periode)} :** {r.text(orientation.texte)}")
    for mission in fiche.loi_sppe:
        frame.append(f"- **Loi SPPE :** {r.text(mission)}")
    return "## Cadre\n\n" + "\n".join(frame)


def _context_section(r: Renderer, fiche: Fiche) -> str:
    context = [f"## {titre('contexte')}"]
    for item in fiche.contexte:
        context += [r.text(item.texte), r.items(item.sous_liste) if item.sous_liste else None]
    return join_blocks(context)


def _objectives_section(r: Renderer, fiche: Fiche) -> str:
    objectives: list[str] = [f"## {titre('objectifs')}"]
    for objectif in fiche.objectifs:
        objectives.append(f"### Objectif {esc(objectif.numero)} — {r.text(objectif.intitule)}")
        if objectif.precisions:
            objectives.append(r.items(objectif.precisions))
        if objectif.actions:
            objectives.append(f"**Actions pour l'objectif {esc(objectif.numero)} :**\n\n" + r.items(objectif.actions))
    if fiche.actions:
        objectives.append("### Actions communes à la fiche\n\n" + r.items(fiche.actions))
    return join_blocks(objectives)


def _intervenants(r: Renderer, site: Site, title: str, people) -> str:
    """Pilots or partners: the source's wording, then the actors it names."""
    lines = []
    for person in people:
        actors = _actor_links(r, site, person.acteurs)
        lines.append(f"- {r.text(person.libelle)} <span class=\"ctg-lien-acteur\">→ {actors}</span>")
    return f"## {title}\n\n" + "\n".join(lines)


def _links_section(r: Renderer, site: Site, fiche: Fiche) -> str:
    """« Liens »: the communes and fiches the fiche cites, and the fiches that cite it."""
    related: list[str] = []
    communes = site.communes_par_fiche.get(fiche.numero, [])
    if communes:
        related.append("**Communes citées :** " + ", ".join(r.link(paths.commune(c), site.communes[c].nom) for c in communes))
    cited = site.fiches_citees.get(fiche.numero, [])
    if cited:
        related.append("**Fiches citées :** " + ", ".join(r.link(paths.fiche(n), f"fiche n°{n}") for n in cited))
    citing = [n for n, targets in site.fiches_citees.items() if fiche.numero in targets]
    if citing:
        related.append("**Citée par :** " + ", ".join(r.link(paths.fiche(n), f"fiche n°{n}") for n in citing))
    return "## Liens\n\n" + "  \n".join(related) if related else ""


def _pager(path: str, previous: Fiche | None, following: Fiche | None) -> str:
    pager: list[str] = []
    if previous:
        pager.append(f'<a class="ctg-prec" href="{html_escape(href(path, paths.fiche(previous.numero)))}" rel="prev">← Fiche n°{previous.numero}</a>')
    if following:
        pager.append(f'<a class="ctg-suiv" href="{html_escape(href(path, paths.fiche(following.numero)))}" rel="next">Fiche n°{following.numero} →</a>')
    if not pager:
        return ""
    return '<nav class="ctg-pager" aria-label="Fiches précédente et suivante">' + " ".join(pager) + "</nav>"


def plan_index(site: Site) -> Page:
    path = paths.PLAN
    r = Renderer(site, path)
    parts = [
        "# Le plan d'action : les fiches action",
        f"Le plan d'action de la CTG {esc(site.territoire.periode)} (Annexe 4 de la convention) compte {len(site.fiches)} fiches action, "
        "rangées par thématique. Chaque fiche dit ce qui sera fait, par qui, pour qui, et comment on en mesurera les effets.",
    ]
    # Filters: an enhancement; without JavaScript the whole table stays readable.
    pilots = sorted({a for f in site.fiches.values() for p in f.pilotes for a in p.acteurs}, key=lambda a: site.acteurs[a].nom)
    partners = sorted({a for f in site.fiches.values() for p in f.partenaires for a in p.acteurs}, key=lambda a: site.acteurs[a].nom)

    parts.append(
        filter_form(
            "ctg-liste-fiches",
            [
                filter_select("thematique", "Thématique", [(t.id, t.nom) for t in site.thematiques.values()]),
                filter_select("pilote", "Pilote", [(a, site.acteurs[a].nom) for a in pilots]),
                filter_select("partenaire", "Partenaire", [(a, site.acteurs[a].nom) for a in partners]),
                filter_select("public", "Public", [(k, label) for k, (label, _) in PUBLIC_FACETS.items()]),
            ],
        )
    )
    rows: list[str] = []
    for fiche in site.fiches.values():
        data = {
            "thematique": fiche.thematique,
            "pilote": " ".join(sorted({a for p in fiche.pilotes for a in p.acteurs})),
            "partenaire": " ".join(sorted({a for p in fiche.partenaires for a in p.acteurs})),
            "public": " ".join(public_facets(fiche)),
        }
        data_attrs = " ".join(f'data-{k}="{html_escape(v)}"' for k, v in data.items())
        link_url = html_escape(href(path, paths.fiche(fiche.numero)))
        pilot_ids = list(dict.fromkeys(a for p in fiche.pilotes for a in p.acteurs))
        pilotes = ", ".join(html_escape(site.acteurs[a].sigle or site.acteurs[a].nom) for a in pilot_ids)
        # data-etiquette: on a phone each row becomes a card whose cells are labelled (CSS).
        rows.append(
            f'<tr data-filtrable {data_attrs}><td data-etiquette="N°">{fiche.numero}</td>'
            f'<td data-etiquette="Fiche action"><a href="{link_url}">{html_escape(fiche.titre)}</a></td>'
            f'<td data-etiquette="Thématique">{html_escape(site.thematiques[fiche.thematique].nom)}</td>'
            f'<td data-etiquette="Pilotes">{pilotes}</td></tr>'
        )
    parts.append(
        '<div class="ctg-table-fiches"><table id="ctg-liste-fiches" class="ctg-liste ctg-cartes-mobiles" data-nature="fiche">'
        f"<caption>Les fiches action du plan d'action {html_escape(site.territoire.periode)}</caption>"
        '<thead><tr><th scope="col">N°</th><th scope="col">Fiche action</th><th scope="col">Thématique</th>'
        '<th scope="col">Structures pilotes</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table></div>"
    )
    # One list only (the table above follows the filters); the enjeux explain each thématique.
    themes = [r.link(paths.enjeu(t.id), t.nom) for t in site.thematiques.values() if t.id in site.enjeux]
    if themes:
        parts.append("**Enjeux et diagnostic par thématique :** " + " · ".join(themes))
    return Page(
        path=path,
        title="Plan d'action — les fiches action",
        body=join_blocks(parts),
        description=f"Les fiches action de la Convention Territoriale Globale {site.territoire.periode}, par thématique, pilote, partenaire et public.",
        reproduit=f"Annexe 4 — plan d'action {source_period(site)} et fiches action",
    )


def pages(site: Site) -> list[Page]:
    fiches = list(site.fiches.values())
    result = [plan_index(site)]
    for index, fiche in enumerate(fiches):
        previous = fiches[index - 1] if index > 0 else None
        following = fiches[index + 1] if index + 1 < len(fiches) else None
        result.append(fiche_page(site, fiche, previous, following))
    return result
