"""Suivi de la convention: the « Avancement » section of each fiche, the dashboard « Où en est la
convention ? » and the « Ce qui avance » section of each commune page.

A status is always written (icon and label), never told by colour alone. Charts are SVG drawn at
build time, hidden from screen readers only where the same values follow in a table.
"""

from __future__ import annotations

from decimal import Decimal

from schema.suivi import INSTANCES, STATUTS, UNITES

from ..kinds import KIND
from ..model import Site
from ..suivi import ICONES, Statut, Suivi, SuiviDeFiche, Valeur, format_number, period_years, today
from . import paths
from .common import Page, Renderer, admonition
from .markdown import esc, french_date, href, html_escape, join_blocks, safe_href

TABLEAU_DE_BORD = "suivi/index.md"
FLUX = "suivi/flux.xml"


def badge(statut: Statut | str | None) -> str:
    """A status as text with its icon (the icon is decoration: the label says it)."""
    if statut is None:
        return '<span class="ctg-statut ctg-statut-aucun">sans statut publié</span>'
    key = statut if isinstance(statut, str) else statut.statut
    return (
        f'<span class="ctg-statut ctg-statut-{key}"><span class="ctg-statut-icone" aria-hidden="true">{ICONES[key]}</span> '
        f"{html_escape(STATUTS[key])}</span>"
    )


def revue_label(suivi: Suivi, iso: str) -> str:
    revue = suivi.revue(iso)
    instance = ""
    if revue is not None:
        instance = revue.intitule if revue.instance == "autre" and revue.intitule else INSTANCES[revue.instance]
    return f"revue du {french_date(iso)}" + (f" ({instance})" if instance else "")


def _years_shown(site: Site, values: list[Valeur], targets: dict[int, Decimal]) -> list[int]:
    """Every year of the period up to this year (or the last year with a value or an Annexe 8 target)."""
    first, end = period_years(site.territoire.periode)
    last = min(max(today().year, first), end)
    if values:
        last = max(last, max(v.annee for v in values))
    if targets:
        last = max(last, max(targets))
    return list(range(first, last + 1))


def chart_svg(identifier: str, title: str, years: list[int], values: dict[int, Decimal], targets: dict[int, Decimal], unit: str = "") -> str:
    """Bars of the values, dashed frames of the targets, year by year; the table that follows gives the same numbers."""
    numbers = [v for v in values.values() if v is not None] + [t for t in targets.values() if t is not None]
    if not numbers:
        return ""
    largest = max(abs(n) for n in numbers) or Decimal(1)
    slot = 64
    width = 40 + slot * len(years)
    height = 190
    base = 150
    scale = Decimal(110) / largest
    shapes: list[str] = []
    for index, year in enumerate(years):
        x = 40 + index * slot
        value = values.get(year)
        target = targets.get(year)
        if value is not None:
            h = float(abs(value) * scale)
            shapes.append(f'<rect class="ctg-svg-valeur" x="{x + 8}" y="{base - h:.1f}" width="22" height="{h:.1f}"/>')
            shapes.append(f'<text class="ctg-svg-nombre" x="{x + 19}" y="{base - h - 4:.1f}" text-anchor="middle">{html_escape(format_number(value))}</text>')
        if target is not None:
            h = float(abs(target) * scale)
            shapes.append(f'<rect class="ctg-svg-cible" x="{x + 32}" y="{base - h:.1f}" width="22" height="{h:.1f}"/>')
            shapes.append(f'<text class="ctg-svg-nombre ctg-svg-nombre-cible" x="{x + 43}" y="{base - h - 4:.1f}" text-anchor="middle">{html_escape(format_number(target))}</text>')
        shapes.append(f'<text class="ctg-svg-annee" x="{x + 31}" y="{base + 18}" text-anchor="middle">{year}</text>')
    # The legend names only what the chart draws: no « valeur » while no value is published.
    entries = []
    if any(v is not None for v in values.values()):
        entries.append(("ctg-svg-valeur", "valeur", "valeur (barre pleine)"))
    if any(t is not None for t in targets.values()):
        entries.append(("ctg-svg-cible", "cible", "cible (cadre en pointillés)"))
    legend = "".join(
        f'<rect class="{css}" x="{40 + 70 * index}" y="{height - 14}" width="12" height="10"/>'
        f'<text x="{56 + 70 * index}" y="{height - 5}">{word}</text>'
        for index, (css, word, _) in enumerate(entries)
    )
    caption = " et ".join(text for _, _, text in entries)
    unit_text = f" ({html_escape(unit)})" if unit else ""
    return (
        '<figure class="ctg-figure ctg-graphique-suivi">'
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{identifier}-titre" '
        f'class="ctg-svg" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{identifier}-titre">{html_escape(title)}{unit_text} : graphique, les valeurs sont dans le tableau qui suit</title>'
        f'<line class="ctg-svg-axe" x1="36" y1="{base}" x2="{width - 4}" y2="{base}"/>'
        + "".join(shapes) + legend + "</svg>"
        f'<figcaption>{caption[:1].upper() + caption[1:]}, par année{unit_text}</figcaption>'
        "</figure>"
    )


def _annexe_8_table(site: Site, caption: str, opened: dict[int, Valeur] | None = None) -> str:
    targets = site.suivi.cibles_annexe_8
    if not targets:
        return ""
    head = '<th scope="col">Année</th><th scope="col">Places PSU prévues (Annexe 8)</th>'
    if opened is not None:
        head += '<th scope="col">Places PSU ouvertes (suivi)</th>'
    rows = []
    for year, planned in targets.items():
        cells = f'<th scope="row">{year}</th><td class="ctg-nombre">{format_number(planned)}</td>'
        if opened is not None:
            value = opened.get(year)
            cells += f'<td class="ctg-nombre">{html_escape(value.valeur_affichee) if value else "pas encore publiée"}</td>'
        rows.append(f"<tr>{cells}</tr>")
    return (
        '<div class="ctg-table-defilante" tabindex="0"><table class="ctg-suivi ctg-chiffres">'
        f"<caption>{html_escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _no_review_text(r: Renderer) -> str:
    return (
        f"Aucune revue du plan d'actions n'est encore publiée. Le suivi couvrira toute la période de la convention "
        f"({esc(r.site.territoire.periode)}) : le comité de pilotage stratégique se réunit chaque année, le groupe projet deux fois par an "
        "(Article 6 A) ; les actions sont évaluées lors des revues du plan d'actions avec les indicateurs de chaque fiche "
        "(Article 7). Les statuts et les valeurs s'afficheront ici dès qu'une revue sera publiée."
    )


def avancement_section(r: Renderer, site: Site, fiche) -> str:
    """« Avancement » of one fiche: current statuses, indicators year by year (chart + table), history."""
    suivi = site.suivi
    own = suivi.de(fiche.numero)
    dashboard_link = f"Vue d'ensemble de toutes les fiches : {r.link(TABLEAU_DE_BORD, 'Où en est la convention ?')}."
    if not suivi.publie or not own.points and not own.valeurs:
        return join_blocks(["## Avancement", _nothing_yet(r, site, fiche), dashboard_link])
    parts = ["## Avancement", _fiche_status(suivi, own), "### Où en sont les objectifs", _objectives_table(fiche, own)]
    parts.append("### Indicateurs, année par année")
    blocks = [_indicator_block(site, fiche, own, position, indicateur) for position, indicateur in enumerate(fiche.indicateurs, start=1)]
    blocks = [b for b in blocks if b]
    parts.extend(blocks or ["Aucune valeur d'indicateur n'est encore publiée pour cette fiche."])
    if own.points:
        parts += ["### Historique des statuts", _history(suivi, own)]
    parts.append(dashboard_link)
    return join_blocks(parts)


def _nothing_yet(r: Renderer, site: Site, fiche) -> str:
    """No review at all, or none for this fiche: say it, and show the targets the convention gives."""
    suivi = site.suivi
    if not suivi.publie:
        parts = [admonition("info", "Aucune revue publiée", _no_review_text(r))]
    else:
        parts = [
            admonition(
                "info", "Pas encore de suivi publié pour cette fiche",
                "Aucun statut ni aucune valeur n'est publié pour cette fiche. Dernière revue du plan d'actions : "
                f"{esc(revue_label(suivi, suivi.revues[-1].date))}.",
            )
        ]
    annexe_8 = [i for i in fiche.indicateurs if i.annexe_8]
    if annexe_8:
        parts.append(
            f"La cible que la convention donne pour l'indicateur « {r.text(annexe_8[0].texte)} » est la trajectoire "
            "des places PSU de l'Annexe 8 (somme des places prévues pour chaque structure) :"
        )
        parts.append(_annexe_8_table(site, "Cibles de l'Annexe 8 : places PSU prévues sur le territoire, par année"))
    return join_blocks(parts)


def _fiche_status(suivi: Suivi, own: SuiviDeFiche) -> str:
    status = own.statut
    if status is None:
        return ""
    how = " (déduit des objectifs)" if status.deduit else ""
    return (
        f'<p class="ctg-statut-fiche">Statut de la fiche{how} : {badge(status)} — {html_escape(revue_label(suivi, status.revue))}'
        + (f" ; {html_escape(status.commentaire)}" if status.commentaire else "")
        + "</p>"
    )


def _objectives_table(fiche, own: SuiviDeFiche) -> str:
    current = own.statuts_courants()
    rows = []
    for objectif in fiche.objectifs:
        statut = current.get(objectif.numero)
        since = html_escape(french_date(statut.revue)) if statut else "—"
        note = []
        if statut and statut.date:
            note.append(f"réalisé le {french_date(statut.date)}")
        if statut and statut.commentaire:
            note.append(statut.commentaire)
        rows.append(
            f'<tr><th scope="row">{html_escape(objectif.numero)} — {html_escape(objectif.intitule)}</th>'
            f'<td data-etiquette="Statut">{badge(statut)}</td><td data-etiquette="Dernière revue">{since}</td>'
            f'<td data-etiquette="Commentaire">{html_escape(" ; ".join(note)) or "—"}</td></tr>'
        )
    return (
        '<div class="ctg-table-defilante" tabindex="0"><table class="ctg-suivi ctg-chiffres ctg-suivi-cartes">'
        f"<caption>Statut actuel de chaque objectif de la fiche n°{fiche.numero}</caption>"
        '<thead><tr><th scope="col">Objectif</th><th scope="col">Statut</th><th scope="col">Dernière revue</th>'
        '<th scope="col">Commentaire</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div>"
    )


def _indicator_block(site: Site, fiche, own: SuiviDeFiche, position: int, indicateur) -> str:
    """One indicator: its chart (numbers only) and its table, year by year, target beside value."""
    values = own.valeurs.get(indicateur.id, [])
    targets = dict(site.suivi.cibles_annexe_8) if indicateur.annexe_8 else {}
    if not values and not targets:
        return ""
    unite = values[0].unite if values else "nombre"
    years = _years_shown(site, values, targets)
    by_year = {v.annee: v for v in values}
    parts = [f"#### {esc(indicateur.texte)}"]
    if unite in ("nombre", "pourcentage"):
        numbers = {y: v.nombre for y, v in by_year.items() if v.nombre is not None}
        goal = {**targets, **{y: v.cible_nombre for y, v in by_year.items() if v.cible_nombre is not None}}
        parts.append(chart_svg(f"graphique-{fiche.numero}-{position}", indicateur.texte, years, numbers, goal, "%" if unite == "pourcentage" else ""))
    body = [_value_row(year, by_year.get(year), targets.get(year)) for year in years]
    parts.append(
        '<div class="ctg-table-defilante" tabindex="0"><table class="ctg-suivi ctg-chiffres ctg-suivi-cartes">'
        f"<caption>Valeurs année par année (unité : {html_escape(UNITES[unite])})</caption>"
        '<thead><tr><th scope="col">Année</th><th scope="col">Valeur</th><th scope="col">Cible</th>'
        '<th scope="col">Source et commentaire</th></tr></thead><tbody>' + "".join(body) + "</tbody></table></div>"
    )
    return join_blocks(parts)


def _value_row(year: int, value: Valeur | None, planned: Decimal | None) -> str:
    if value is None:
        target = format_number(planned) if planned is not None else "—"
        return (
            f'<tr><th scope="row">{year}</th><td data-etiquette="Valeur"><span class="ctg-suivi-manque">pas de valeur publiée</span></td>'
            f'<td data-etiquette="Cible">{target}</td><td data-etiquette="Source et commentaire">—</td></tr>'
        )
    origin = " (Annexe 8)" if value.cible_annexe_8 else ""
    details = value.source + (f" — {value.commentaire}" if value.commentaire else "")
    if value.date:
        details = f"mesure du {french_date(value.date)} ; " + details
    return (
        f'<tr><th scope="row">{year}</th><td data-etiquette="Valeur">{html_escape(value.valeur_affichee)}</td>'
        f'<td data-etiquette="Cible">{html_escape(value.cible_affichee)}{origin}</td>'
        f'<td data-etiquette="Source et commentaire">{html_escape(details)}</td></tr>'
    )


def _history(suivi: Suivi, own: SuiviDeFiche) -> str:
    history = []
    for point in reversed(own.points):
        objectives = "".join(
            f"<li>Objectif {html_escape(numero)} : {badge(statut)}"
            + (f" — {html_escape(statut.commentaire)}" if statut.commentaire else "")
            + "</li>"
            for numero, statut in point.objectifs.items()
        )
        history.append(
            f"<li><strong>{html_escape(revue_label(suivi, point.revue).capitalize())}</strong> — fiche : {badge(point.fiche)}"
            + (f"<ul>{objectives}</ul>" if objectives else "")
            + "</li>"
        )
    return '<ul class="ctg-historique-statuts">' + "".join(history) + "</ul>"


def _by_theme(site: Site, current: dict) -> str:
    parts: list[str] = []
    parts.append("## Par thématique")
    rows = []
    for thematique in site.thematiques.values():
        numbers = [n for n, f in site.fiches.items() if f.thematique == thematique.id]
        if not numbers:
            continue
        counts: dict[str | None, int] = {}
        for n in numbers:
            s = current[n]
            counts[s.statut if s else None] = counts.get(s.statut if s else None, 0) + 1
        words = [f"{counts[k]} {STATUTS[k].lower()}" for k in STATUTS if k in counts]
        if None in counts:
            words.append(f"{counts[None]} sans statut publié")
        rows.append(
            f'<tr><th scope="row">{html_escape(thematique.nom)}</th><td class="ctg-nombre">{len(numbers)}</td>'
            f"<td>{html_escape(', '.join(words))}</td></tr>"
        )
    parts.append(
        '<div class="ctg-table-defilante" tabindex="0"><table class="ctg-suivi ctg-chiffres">'
        "<caption>Statut des fiches action par thématique</caption>"
        '<thead><tr><th scope="col">Thématique</th><th scope="col">Fiches</th><th scope="col">Où elles en sont</th></tr></thead><tbody>'
        + "".join(rows) + "</tbody></table></div>"
    )
    return join_blocks(parts)


def _fiches_by_theme(site: Site, path: str) -> str:
    """Before the first review: every fiche, by thématique (with its enjeux), each with its follow-up
    state, so that a partner reaches the fiche that concerns them from the dashboard."""
    count = len(site.fiches)
    parts = [
        f"## Les {count} fiches action à suivre",
        "Par thématique : chaque fiche donne ses objectifs, ses indicateurs et, dès la première revue, son avancement.",
    ]
    for thematique in site.thematiques.values():
        numbers = [n for n, f in site.fiches.items() if f.thematique == thematique.id]
        if not numbers:
            continue
        lines = []
        if thematique.id in site.enjeux:
            enjeu = html_escape(href(path, paths.enjeu(thematique.id)))
            lines.append(f'<p class="ctg-groupe-liens"><a href="{enjeu}">Enjeux et diagnostic : {html_escape(thematique.nom)}</a></p>')
        items = []
        for numero in numbers:
            link = html_escape(href(path, paths.fiche(numero), "avancement"))
            statut = site.suivi.de(numero).statut
            state = badge(statut) if statut else '<span class="ctg-statut ctg-statut-aucun">aucune revue publiée</span>'
            items.append(f'<li><a href="{link}">Fiche n°{numero} — {html_escape(site.fiches[numero].titre)}</a> : {state}</li>')
        lines.append('<ul class="ctg-fiches-suivi ctg-liste-suivi">' + "".join(items) + "</ul>")
        parts.append(f"### {esc(thematique.nom)}")
        parts.append("".join(lines))
    return join_blocks(parts)


def _published(r: Renderer, site: Site, path: str) -> list[str]:
    """The dashboard once a review is published: counts, late or blocked, every fiche, last reviews."""
    suivi = site.suivi
    parts: list[str] = []
    current = {n: suivi.de(n).statut for n in site.fiches}
    objective_status = {
        (n, o.numero): suivi.de(n).statuts_courants().get(o.numero) for n, f in site.fiches.items() for o in f.objectifs
    }
    last = suivi.revues[-1]
    parts.append(f"Dernière revue publiée : **{esc(revue_label(suivi, last.date))}**.")
    parts.append("## Les fiches et les objectifs par statut")
    rows = []
    for key, label in STATUTS.items():
        fiches = sum(1 for s in current.values() if s is not None and s.statut == key)
        objectifs = sum(1 for s in objective_status.values() if s is not None and s.statut == key)
        rows.append(f'<tr><th scope="row">{badge(key)}</th><td class="ctg-nombre">{fiches}</td><td class="ctg-nombre">{objectifs}</td></tr>')
    rows.append(
        f'<tr><th scope="row">{badge(None)}</th><td class="ctg-nombre">{sum(1 for s in current.values() if s is None)}</td>'
        f'<td class="ctg-nombre">{sum(1 for s in objective_status.values() if s is None)}</td></tr>'
    )
    parts.append(
        '<div class="ctg-table-defilante" tabindex="0"><table class="ctg-suivi ctg-chiffres">'
        "<caption>Nombre de fiches et d'objectifs par statut, à la dernière revue de chacun</caption>"
        '<thead><tr><th scope="col">Statut</th><th scope="col">Fiches</th><th scope="col">Objectifs</th></tr></thead><tbody>'
        + "".join(rows) + "</tbody></table></div>"
    )

    parts.append(_by_theme(site, current))

    parts.append("## En retard ou bloqué")
    late = []
    for (numero, objectif_numero), statut in objective_status.items():
        if statut is not None and statut.statut in ("en-retard", "bloque"):
            link = html_escape(href(path, paths.fiche(numero), "avancement"))
            late.append(
                f'<li>{badge(statut)} — <a href="{link}">fiche n°{numero}, objectif {html_escape(objectif_numero)}</a>'
                f" ({html_escape(revue_label(suivi, statut.revue))})"
                + (f" : {html_escape(statut.commentaire)}" if statut.commentaire else "")
                + "</li>"
            )
    parts.append('<ul class="ctg-liste-suivi">' + "".join(late) + "</ul>" if late else "Aucun objectif n'est en retard ni bloqué à sa dernière revue.")

    parts.append("## Toutes les fiches")
    rows = []
    for numero, fiche in site.fiches.items():
        s = current[numero]
        link = html_escape(href(path, paths.fiche(numero), "avancement"))
        rows.append(
            f'<tr><td data-etiquette="N°">{numero}</td><td data-etiquette="Fiche action"><a href="{link}">{html_escape(fiche.titre)}</a></td>'
            f'<td data-etiquette="Statut">{badge(s)}</td><td data-etiquette="Dernière revue">{html_escape(french_date(s.revue)) if s else "—"}</td></tr>'
        )
    parts.append(
        '<div class="ctg-table-fiches"><table class="ctg-suivi ctg-liste ctg-suivi-cartes">'
        "<caption>Statut de chaque fiche action à sa dernière revue</caption>"
        '<thead><tr><th scope="col">N°</th><th scope="col">Fiche action</th><th scope="col">Statut</th><th scope="col">Dernière revue</th></tr></thead><tbody>'
        + "".join(rows) + "</tbody></table></div>"
    )

    parts.append("## Les dernières revues")
    reviews = []
    for revue in reversed(suivi.revues[-5:]):
        instance = revue.intitule if revue.instance == "autre" and revue.intitule else INSTANCES[revue.instance]
        block = [f"### {esc(french_date(revue.date))} — {esc(instance)}", r.text(revue.resume)]
        if revue.decisions:
            block.append("**Décisions :**\n\n" + "\n".join(f"- {r.text(d)}" for d in revue.decisions))
        if revue.compte_rendu:
            block.append(f'<p><a href="{html_escape(safe_href(revue.compte_rendu))}">Compte rendu de la revue du {html_escape(french_date(revue.date))}</a></p>')
        reviews.append(join_blocks(block))
    parts.append(join_blocks(reviews))
    return parts


def dashboard(site: Site) -> Page:
    path = TABLEAU_DE_BORD
    r = Renderer(site, path)
    suivi = site.suivi
    parts = ["# Où en est la convention ?"]
    feed = "flux.xml"  # the feed sits beside the dashboard (suivi/flux.xml, written by the build)
    parts.append(
        f"Le suivi de la Convention Territoriale Globale {esc(site.territoire.periode)}, revue après revue : où en est chaque fiche action, "
        f'ce qui est en retard ou bloqué, la trajectoire des places en crèche. <a href="{html_escape(feed)}" type="application/atom+xml">'
        "Suivre les mises à jour (flux Atom)</a>."
    )
    opened = suivi.places_ouvertes()
    if not suivi.publie:
        parts.append(admonition("info", "Aucune revue publiée", _no_review_text(r)))
        parts.append(_fiches_by_theme(site, path))
    else:
        parts.extend(_published(r, site, path))

    parts.append("## Trajectoire des places en crèche (Annexe 8)")
    annexe = r.link(paths.ANNEXE_8, "Annexe 8")
    parts.append(
        f"L'{annexe} fixe, année par année, les places PSU soutenues sur le territoire. Les places réellement ouvertes "
        "s'affichent à côté dès qu'une revue les publie (indicateur « atteinte de l'objectif de trajectoire » des fiches 1 et 3)."
    )
    years = list(suivi.cibles_annexe_8)
    parts.append(chart_svg("graphique-trajectoire", "Places PSU : prévues (Annexe 8) et ouvertes", years, {y: v.nombre for y, v in opened.items() if v.nombre is not None}, suivi.cibles_annexe_8))
    parts.append(_annexe_8_table(site, "Places PSU prévues par l'Annexe 8 et places ouvertes", opened))
    return Page(
        path=path,
        title="Où en est la convention ?",
        body=join_blocks(parts),
        description=f"Le suivi de la CTG {site.territoire.periode} : statut des fiches action, retards, dernières revues, trajectoire des places en crèche.",
        reproduit="Article 6 A et Article 7 (suivi et évaluation), Annexe 8 (trajectoire)",
        source_files=[KIND["revues"].source()] + [KIND["suivis"].source(fiche=n) for n in sorted(suivi.fiches)],
        in_menu=True,
        hide_toc=False,
    )


def commune_section(r: Renderer, site: Site, commune_id: str, name: str) -> str:
    """« Ce qui avance à <commune> »: the fiches that name the commune, with their status."""
    suivi = site.suivi
    numbers = site.fiches_par_commune.get(commune_id, []) if commune_id != site.agglomeration_id else list(site.fiches)
    title = f"## Ce qui avance à {esc(name)}" if commune_id != site.agglomeration_id else "## Ce qui avance dans l'agglomération"
    dashboard_link = r.link(TABLEAU_DE_BORD, "Où en est la convention ?")
    if not suivi.publie:
        return join_blocks([
            title,
            f"Aucune revue du plan d'actions n'est encore publiée (période {esc(site.territoire.periode)}) : le statut des fiches action "
            f"s'affichera ici après la première revue. Suivi d'ensemble : {dashboard_link}.",
        ])
    if not numbers:
        return join_blocks([title, f"Aucune fiche action ne cite la commune. Suivi d'ensemble : {dashboard_link}."])
    items = []
    for numero in numbers:
        statut = suivi.de(numero).statut
        link = html_escape(href(r.page_path, paths.fiche(numero), "avancement"))
        when = f" ({html_escape(revue_label(suivi, statut.revue))})" if statut else ""
        items.append(f'<li><a href="{link}">Fiche n°{numero} — {html_escape(site.fiches[numero].titre)}</a> : {badge(statut)}{when}</li>')
    return join_blocks([title, '<ul class="ctg-liste-suivi">' + "".join(items) + "</ul>", f"Suivi d'ensemble : {dashboard_link}."])


def pages(site: Site) -> list[Page]:
    return [dashboard(site)]
