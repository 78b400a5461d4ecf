"""Arithmetic of a figures table: column totals, row sums and shares recomputed from the cells.

Every printed number is taken as rounded to its last printed digit, except whole counts (integers in a
column of people, households, places…), which are exact. A gap within that rounding is no gap.
"""

from __future__ import annotations

from decimal import Decimal

from schema import TableauChiffres, Trajectoire
from schema.chiffres import CelluleDetail, Colonne, Ligne

from .model import ControleTotal

HUNDRED = Decimal(100)
# Units of measured (hence rounded) quantities; other whole numbers are counts, exact.
MEASURED_UNITS = {"%", "km²", "hab/km²", "€", "ETP"}


def half_unit(cell: CelluleDetail, column: Colonne) -> Decimal:
    """Largest rounding error of a printed value: half its last digit; 0 for a whole count."""
    number = cell.number
    if number is None:
        return Decimal(0)
    exponent = number.as_tuple().exponent
    if exponent >= 0 and column.unite not in MEASURED_UNITS:
        return Decimal(0)
    return Decimal(5).scaleb(min(exponent, 0) - 1)


def _noted_cells(table: TableauChiffres) -> set[tuple[str, str]]:
    return {(c.ligne, c.colonne) for note in table.notes_source for c in note.cellules}


def _sum_controle(
    table: TableauChiffres,
    noted: set[tuple[str, str]],
    terms: list[tuple[Ligne, Colonne]],
    printed: tuple[Ligne, Colonne] | None,
    **labels,
) -> ControleTotal:
    """Terms added up against a printed total (or against 100 % when ``printed`` is None)."""
    cells = [(row, column, row.valeurs[column.id]) for row, column in terms]
    computed = sum((cell.number or Decimal(0)) for _, _, cell in cells)
    unreadable = sum(1 for _, _, cell in cells if cell.number is None and cell.state == "illisible")
    tolerance = sum((half_unit(cell, column) for _, column, cell in cells), Decimal(0))
    used = [(row.libelle, column.id) for row, column, _ in cells]
    if printed is None:
        printed_value = HUNDRED
    else:
        row, column = printed
        printed_cell = row.valeurs[column.id]
        printed_value = printed_cell.number
        tolerance += half_unit(printed_cell, column)
        used.append((row.libelle, column.id))
    return ControleTotal(
        table=table.id,
        computed=Decimal(computed),
        printed=printed_value,
        unreadable=unreadable,
        tolerance=tolerance,
        cells=tuple(used),
        explained=any(cell in noted for cell in used),
        **labels,
    )


def table_controles(table: TableauChiffres) -> list[ControleTotal]:
    """Every check the table declares; references to unknown columns or rows are left to the resolver."""
    columns = {c.id: c for c in table.colonnes}
    noted = _noted_cells(table)
    return _column_controles(table, columns, noted) + _row_controles(table, columns, noted) + _ratio_controles(table, columns, noted)


def _column_controles(table: TableauChiffres, columns: dict[str, Colonne], noted: set) -> list[ControleTotal]:
    """Totals of columns (« controles »): detail rows against the printed total, or against 100 %."""
    checks: list[ControleTotal] = []
    for controle in table.controles:
        column = columns.get(controle.colonne)
        if column is None:
            continue
        details = [row for row in table.lignes if row.role == "detail" and column.id in row.valeurs]
        if controle.total is None:
            printed = None
        else:
            totals = [row for row in table.lignes if row.libelle == controle.total]
            if not totals:
                continue
            printed = (totals[0], column) if column.id in totals[0].valeurs else None
            if printed is None:
                checks.append(ControleTotal(table.id, column.id, column.libelle, controle.total, Decimal(0), None))
                continue
        checks.append(
            _sum_controle(
                table, noted, [(row, column) for row in details], printed,
                column=column.id, column_label=column.libelle, total_label=controle.total or "100 %",
            )
        )
    return checks


def _row_controles(table: TableauChiffres, columns: dict[str, Colonne], noted: set) -> list[ControleTotal]:
    """Sums within each row (« sommes_lignes »)."""
    checks: list[ControleTotal] = []
    for somme in table.sommes_lignes:
        if any(c not in columns for c in somme.parties) or (somme.total is not None and somme.total not in columns):
            continue
        wanted = somme.parties + ([somme.total] if somme.total else [])
        total_column = columns[somme.total] if somme.total else None
        label = " + ".join(columns[c].libelle for c in somme.parties)
        for row in table.lignes:
            if not all(c in row.valeurs and _computable(row.valeurs[c]) for c in wanted):
                continue
            checks.append(
                _sum_controle(
                    table, noted, [(row, columns[c]) for c in somme.parties],
                    (row, total_column) if total_column else None,
                    column=somme.total or "100", column_label=label,
                    total_label=total_column.libelle if total_column else "100 %", kind="ligne", row=row.libelle,
                )
            )
    return checks


def _ratio_controles(table: TableauChiffres, columns: dict[str, Colonne], noted: set) -> list[ControleTotal]:
    """Shares and densities within each row (« rapports »)."""
    checks: list[ControleTotal] = []
    for rapport in table.rapports:
        if any(c not in columns for c in (rapport.colonne, rapport.numerateur, rapport.denominateur)):
            continue
        shown, top, bottom = columns[rapport.colonne], columns[rapport.numerateur], columns[rapport.denominateur]
        for row in table.lignes:
            if not all(c.id in row.valeurs and _computable(row.valeurs[c.id]) for c in (shown, top, bottom)):
                continue
            checks.append(_ratio_controle(table, noted, row, shown, top, bottom, Decimal(rapport.facteur)))
    return checks


def _computable(cell: CelluleDetail) -> bool:
    """A value that is a number, or an unreadable one (« NC » and other words are no numbers)."""
    return cell.number is not None or cell.state == "illisible"


def _ratio_controle(
    table: TableauChiffres, noted: set, row: Ligne, shown: Colonne, top: Colonne, bottom: Colonne, factor: Decimal
) -> ControleTotal:
    printed, numerator, denominator = (row.valeurs[c.id] for c in (shown, top, bottom))
    used = tuple((row.libelle, c.id) for c in (shown, top, bottom))
    unreadable = sum(1 for cell in (numerator, denominator) if cell.number is None)
    computed = Decimal(0)
    tolerance = half_unit(printed, shown) if printed.number is not None else Decimal(0)
    if not unreadable and denominator.number:
        computed = factor * numerator.number / denominator.number
        # A rounded numerator or denominator carries its own relative error into the ratio.
        relative = half_unit(numerator, top) / abs(numerator.number or 1) + half_unit(denominator, bottom) / abs(denominator.number)
        tolerance += abs(computed) * relative
    return ControleTotal(
        table=table.id,
        column=shown.id,
        column_label=shown.libelle,
        total_label=f"{top.libelle} / {bottom.libelle}",
        computed=computed,
        printed=printed.number,
        unreadable=unreadable,
        tolerance=tolerance,
        kind="rapport",
        row=row.libelle,
        cells=used,
        explained=any(cell in noted for cell in used),
    )


def trajectoire_controles(trajectoire: Trajectoire) -> list[ControleTotal]:
    """Annexe 8: for each year, the places of the rows added up against the printed TOTAL."""
    checks = []
    for year in trajectoire.annees:
        cells = [ligne.places[year] for ligne in trajectoire.lignes if year in ligne.places]
        computed = sum((cell.number or Decimal(0)) for cell in cells)
        printed = trajectoire.total_source.get(year)
        checks.append(
            ControleTotal(
                table="trajectoire-" + trajectoire.autorite,
                column=str(year),
                column_label=f"places {year}",
                total_label="TOTAL",
                computed=Decimal(computed),
                printed=printed.number if printed else None,
                unreadable=sum(1 for cell in cells if cell.state == "illisible"),
            )
        )
    return checks
