"""Shared components for figures: accessible tables with their charts (SVG drawn at build time),
contrôles des totaux, key figures of a territory, Annexe 8 trajectories.

A component layer: used by the page modules (chiffres, communes, impression) and by the Renderer's
content blocks (``common.Renderer.blocks``); it imports no page module, and the Renderer only for
type checking (it receives it as an argument), so there is no import cycle.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from schema import TableauChiffres, Trajectoire
from schema.chiffres import SPECIAL_VALUES, CelluleDetail, Colonne

from ..model import Site, ControleTotal
from . import paths
from .markdown import esc, format_number, href, html_escape, join_blocks, tooltip_text

if TYPE_CHECKING:
    from .common import Renderer


def cell_html(cell: CelluleDetail | None, column: Colonne | None = None) -> str:
    if cell is None:
        return '<span class="ctg-vide" title="pas de valeur dans la source">—</span>'
    unit = f"\u00a0{column.unite}" if column is not None and column.unite in ("%", "€") else ""
    if cell.state == "illisible":
        return f'<span class="ctg-illisible">illisible <span class="ctg-lu">(lu «\u00a0{html_escape(cell.lu)}\u00a0»)</span></span>'
    value = cell.valeur or ""
    number = cell.number
    if number is not None and (column is None or column.nature == "nombre"):
        shown = format_number(number) + unit
    elif value in SPECIAL_VALUES:
        shown = f'<abbr title="{html_escape(tooltip_text(SPECIAL_VALUES[value]))}">{html_escape(value)}</abbr>'
    else:
        shown = html_escape(value)
    if cell.state == "corrigee":
        return (
            f'<span class="ctg-corrige">{shown}<sup><abbr title="{html_escape(tooltip_text(f"valeur corrigée : lu « {cell.lu} »"))}">*</abbr></sup></span>'
        )
    return shown


def bar_chart(table: TableauChiffres) -> str:
    """Horizontal bars for one column; the table beside it carries the same values for everyone."""
    if table.graphique is None:
        return ""
    column_id = table.graphique.colonne
    column = next((c for c in table.colonnes if c.id == column_id), None)
    rows = [
        (row.libelle, row.valeurs[column_id].number)
        for row in table.lignes
        if row.role == "detail" and column_id in row.valeurs and row.valeurs[column_id].number is not None
    ]
    if column is None or not rows:
        return ""
    largest = max(abs(v) for _, v in rows) or Decimal(1)
    # Bars in HTML, not a scaled drawing: the labels are real text at the page's size, wrap
    # instead of being cut, and stay readable on a phone. The same values are in the table that
    # follows, so the bars are hidden from screen readers.
    unit = html_escape(" " + column.unite) if column.unite else ""
    lines = []
    for label, value in rows:
        share = float(abs(value) / largest)
        lines.append(
            '<div class="ctg-barres-ligne">'
            f'<div class="ctg-barres-libelle">{html_escape(label)}</div>'
            '<div class="ctg-barres-piste">'
            f'<span class="ctg-barres-barre" style="width: calc((100% - 7.5rem) * {share:.4f})"></span>'
            f'<span class="ctg-barres-valeur">{html_escape(format_number(value))}{unit}</span>'
            "</div></div>"
        )
    return (
        '<figure class="ctg-figure">'
        f'<figcaption>{html_escape(table.graphique.titre)} <span class="ctg-sr">(les valeurs sont dans le tableau qui suit)</span></figcaption>'
        '<div class="ctg-barres" aria-hidden="true">' + "".join(lines) + "</div></figure>"
    )


def computed_text(check: ControleTotal) -> str:
    """The recomputed value, with one decimal more than the printed one for a ratio."""
    if check.kind == "rapport":
        exponent = check.printed.as_tuple().exponent if check.printed is not None else 0
        return format_number(check.computed, max(0, -exponent) + 1)
    return format_number(check.computed)


def gap_subject(check: ControleTotal) -> str:
    """What was recomputed: a column total, the sum of a row, or a share within a row."""
    if check.kind == "ligne":
        return f"{esc(check.row)}, somme de la ligne (« {esc(check.total_label)} »)"
    if check.kind == "rapport":
        return f"{esc(check.row)}, {esc(check.column_label)}"
    return esc(check.column_label)


def controle_lines(checks: list[ControleTotal]) -> str:
    """Column totals one by one; row sums and shares summed up, with every gap spelt out."""
    lines = []
    explained = " Une note de transcription ci-dessous l'explique."
    for check in (c for c in checks if c.kind == "colonne"):
        computed = computed_text(check)
        left_out = ""
        if check.unreadable:
            plural = "s" if check.unreadable > 1 else ""
            left_out = f" ({check.unreadable} valeur{plural} illisible{plural} non comptée{plural})"
        label = esc(check.column_label)
        if check.printed is None:
            lines.append(f"- {label} : somme des lignes {computed}{left_out} ; le total imprimé « {esc(check.total_label)} » est illisible.")
        elif check.matches:
            rounding = "" if check.computed == check.printed else " à l'arrondi près"
            lines.append(f"- {label} : somme des lignes {computed}{left_out}, égale au total de la source{rounding} ({format_number(check.printed)}).")
        elif not check.conclusive:
            lines.append(
                f"- {label} : somme des valeurs lisibles {computed}{left_out}, total imprimé {format_number(check.printed)} — "
                "comparaison impossible tant qu'une valeur manque."
            )
        else:
            gap = format_number(check.computed - check.printed)
            lines.append(
                f"- **Écart** — {label} : la somme des lignes donne {computed}, "
                f"la source imprime {format_number(check.printed)} (différence {gap}). La source n'est pas corrigée."
                + (explained if check.explained else "")
            )
    within = [c for c in checks if c.kind != "colonne"]
    if within:
        agree = sum(1 for c in within if c.matches)
        open_ = sum(1 for c in within if not c.matches and not c.conclusive)
        gaps = [c for c in within if c.conclusive and not c.matches]
        if agree == len(within):
            summary = "toutes égales à la source à l'arrondi près"
        else:
            counts = [(agree, "égale", "égales", " à la source à l'arrondi près"),
                      (open_, "impossible", "impossibles", " à vérifier (valeur illisible)"),
                      (len(gaps), "en écart", "en écart", "")]
            summary = ", ".join(f"{n} {one if n == 1 else many}{tail}" for n, one, many, tail in counts if n)
        lines.append(f"- Dans les lignes, {len(within)} sommes et parts recalculées : {summary}.")
        for check in gaps:
            if check.kind == "rapport":
                what = f"{esc(check.column_label)} : {esc(check.total_label)} donne {computed_text(check)}"
            else:
                what = f"la somme de la ligne donne {computed_text(check)} pour « {esc(check.total_label)} »"
            lines.append(
                f"- **Écart** — {esc(check.row)}, {what}, la source imprime {format_number(check.printed)}."
                + (explained if check.explained else " Aucune note ne l'explique.")
            )
    return "\n".join(lines)


def table_html(table: TableauChiffres) -> str:
    head = "".join(
        f'<th scope="col">{html_escape(c.libelle)}{(" (" + html_escape(c.unite) + ")") if c.unite else ""}</th>' for c in table.colonnes
    )
    rows = []
    for row in table.lignes:
        css = f' class="ctg-ligne-{row.role}"' if row.role != "detail" else ""
        cells = "".join(
            f'<td class="ctg-{"nombre" if c.nature == "nombre" else "texte"}">{cell_html(row.valeurs.get(c.id), c)}</td>'
            for c in table.colonnes
        )
        rows.append(f'<tr{css}><th scope="row">{html_escape(row.libelle)}</th>{cells}</tr>')
    return (
        '<div class="ctg-table-defilante" tabindex="0"><table class="ctg-chiffres">'
        f"<caption>{html_escape(table.titre)} — source : {html_escape(table.source)}</caption>"
        f'<thead><tr><td></td>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def table_block(r: Renderer, table: TableauChiffres, level: int = 3, embedded: bool = False) -> str:
    """A figures table with its chart and checks; ``embedded`` in a text that already quotes its comments."""
    parts = [f"{'#' * level} {esc(table.titre)}"]
    chart = bar_chart(table)
    if chart:
        parts.append(chart)
    parts.append(table_html(table))
    parts.append(f"*Source : {esc(table.source)}.*")
    if table.commentaire and not embedded:
        parts.append(r.paragraphs(table.commentaire))
    corrections = [
        (row.libelle, column, row.valeurs[column.id])
        for row in table.lignes
        for column in table.colonnes
        if column.id in row.valeurs and row.valeurs[column.id].state != "lue"
    ]
    if corrections:
        lines = []
        for label, column, cell in corrections:
            if cell.state == "corrigee":
                lines.append(
                    f"- {esc(label)}, {esc(column.libelle)} : le texte numérisé porte « {esc(cell.lu)} » ; "
                    f"valeur retenue {esc(cell.valeur)} — {r.text(cell.justification)}"
                )
            else:
                lines.append(f"- {esc(label)}, {esc(column.libelle)} : illisible dans le texte numérisé (« {esc(cell.lu)} »).")
        parts.append("**Chiffres abîmés dans le texte numérisé :**\n\n" + "\n".join(lines))
    checks = r.site.controles.get(table.id, [])
    if checks:
        parts.append("**Contrôle des totaux :**\n\n" + controle_lines(checks))
    parts.append(r.notes(table.notes_source))
    return join_blocks(parts)


def key_figures(r: Renderer, site: Site, territoire: str) -> str:
    """Every value the source gives for one territory, table by table."""
    blocks = []
    for table in site.chiffres.values():
        rows = [row for row in table.lignes if row.territoire == territoire]
        if not rows:
            continue
        columns = {c.id: c for c in table.colonnes}
        items = []
        for row in rows:
            for column_id, cell in row.valeurs.items():
                column = columns[column_id]
                items.append(f"<dt>{html_escape(column.libelle)}</dt><dd>{cell_html(cell, column)}</dd>")
        link = r.link(paths.territoire_theme(table.theme), "voir le tableau")
        blocks.append(
            f'<h3 class="ctg-h-chiffres">{html_escape(table.titre)}</h3>'
            f'<dl class="ctg-chiffres-cles">{"".join(items)}</dl>\n\n'
            f"*Source : {esc(table.source)}* — {link}"
        )
    return join_blocks(blocks)


def trajectoire_table(r: Renderer, site: Site, trajectoire: Trajectoire, level: int = 2) -> str:
    years = list(trajectoire.annees)
    head = "".join(f'<th scope="col">{y}</th>' for y in years)
    rows = []
    for ligne in trajectoire.lignes:
        label = html_escape(ligne.nom_source)
        if ligne.equipement and ligne.equipement in site.equipements:
            place = site.equipements[ligne.equipement]
            target = href(r.page_path, paths.commune(place.collectivite), ligne.equipement)
            label = f'<a href="{html_escape(target)}">{label}</a>'
        cells = "".join(f'<td class="ctg-nombre">{cell_html(ligne.places.get(y))}</td>' for y in years)
        rows.append(f'<tr><th scope="row">{label}</th>{cells}</tr>')
    totals = "".join(f'<td class="ctg-nombre">{cell_html(trajectoire.total_source.get(y))}</td>' for y in years)
    rows.append(f'<tr class="ctg-ligne-total"><th scope="row">TOTAL (source)</th>{totals}</tr>')
    parts = [
        f"{'#' * level} {esc(site.collectivite_name(trajectoire.autorite))}",
        f"*{r.text(trajectoire.intitule_source)}*"
        + (f" — année de référence : {esc(trajectoire.annee_reference)}" if trajectoire.annee_reference else ""),
        '<div class="ctg-table-defilante" tabindex="0"><table class="ctg-chiffres">'
        f"<caption>Places PSU soutenues — {html_escape(site.collectivite_name(trajectoire.autorite))}</caption>"
        f'<thead><tr><th scope="col">Équipement soutenu</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>',
    ]
    checks = site.controles.get("trajectoire-" + trajectoire.autorite, [])
    if checks:
        parts.append("**Contrôle des totaux :**\n\n" + controle_lines(checks))
    parts.append(r.notes(trajectoire.notes_source))
    return join_blocks(parts)
