"""Totals of the source are recomputed from their rows; matches, gaps and unreadable cells are told apart."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fixtures import CONTENT, copy_content, edit
from ctg.pipeline import load_site


@pytest.fixture(scope="module")
def checks():
    site = load_site(CONTENT)
    return {(c.table, c.column): c for table in site.controles.values() for c in table if c.kind == "colonne"}


def test_population_of_the_fourteen_communes_adds_up_to_the_gctm_total(checks):
    check = checks[("population-2021", "habitants-2021")]
    assert check.computed == Decimal(98828) and check.matches


def test_trajectory_totals_match_where_the_source_prints_them(checks):
    for key in [("trajectoire-gctm", "2025"), ("trajectoire-calais", "2026"), ("trajectoire-coquelles", "2027"), ("trajectoire-marck", "2029")]:
        assert checks[key].matches, key


def test_a_total_with_an_unreadable_value_is_not_called_a_gap(checks):
    # RSA depuis moins de 6 mois : Coulogne lu « B », illisible.
    check = checks[("rsa-anciennete", "moins-6-mois")]
    assert check.unreadable == 1 and not check.conclusive and not check.matches


def test_a_real_inconsistency_of_the_source_is_reported_not_fixed(checks):
    # The RSA table by commune has no row for Sangatte: its rows cannot reach the printed total.
    check = checks[("rsa-anciennete", "plus-2-ans")]
    assert check.printed == Decimal(3967) and check.computed < check.printed and check.conclusive


def test_corrected_digits_are_confirmed_by_the_total(checks):
    # « B 637 » read by the OCR, corrected to 8 637: the commune rows add up to the printed total.
    assert checks[("allocataires-bas-revenus-communes", "allocataires-bas-revenus")].matches


def test_total_mismatch_is_computed_from_rows(tmp_path):
    """Changing one row breaks the match: the check really recomputes."""
    content = copy_content(tmp_path / "content")
    edit(content / "trajectoire" / "gctm.yaml", '2025: "20"', '2025: "21"')
    site = load_site(content)
    check = next(c for c in site.controles["trajectoire-gctm"] if c.column == "2025")
    assert check.computed == Decimal(41) and not check.matches and check.conclusive
