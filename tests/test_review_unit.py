"""Unit tests of the pieces behind `ctg diff` and the print page, without files or git."""

from __future__ import annotations

from ctg.pages.markdown import rebase
from ctg.review import compare


def changes(old, new) -> list[str]:
    out: list[str] = []
    compare(old, new, [], out)
    return out


def test_compare_names_items_by_their_identity_not_their_position():
    old = {"objectifs": [{"numero": "1.1", "intitule": "Accueillir"}, {"numero": "1.2", "intitule": "Informer"}]}
    new = {"objectifs": [{"numero": "1.2", "intitule": "Informer les familles"}, {"numero": "1.1", "intitule": "Accueillir"}]}
    assert changes(old, new) == ["objectifs › numero 1.2 › intitulé : « Informer » → « Informer les familles »"]


def test_compare_lists_of_texts_say_what_was_added_or_removed():
    assert changes({"publics": ["Parents", "Jeunes"]}, {"publics": ["Jeunes", "Grands-parents"]}) == [
        "publics visés : retiré « Parents »",
        "publics visés : ajouté « Grands-parents »",
    ]
    assert changes({"publics": ["a", "b"]}, {"publics": ["b", "a"]}) == ["publics visés : ordre modifié"]


def test_compare_items_without_identity_by_their_text():
    old = {"contexte": [{"texte": "Premier"}, {"texte": "Second"}]}
    assert changes(old, {"contexte": [{"texte": "Second"}]}) == ["contexte : retiré « Premier »"]
    assert changes(old, old) == []
    assert changes(old, {"contexte": [{"texte": "Premier"}, {"texte": "Second, corrigé"}]}) == [
        "contexte : « Second » → « Second, corrigé »"
    ]
    with_sub = {"contexte": [{"texte": "Premier", "sous_liste": [{"texte": "a"}]}]}
    assert changes(with_sub, {"contexte": [{"texte": "Premier", "sous_liste": [{"texte": "b"}]}]}) == [
        "contexte › « Premier » : « a » → « b »"
    ]


def test_compare_shortens_long_values_and_shows_missing_ones():
    found = changes({"titre": "x" * 200}, {"titre": None})
    assert found == [f"titre : « {'x' * 89}… » → ∅"]


def test_rebase_keeps_links_working_from_another_page():
    body = "[Fiche 2](fiche-02.md#objectifs) [ailleurs](https://exemple.fr/) [ici](#haut) <a href=\"../../communes/marck/\">Marck</a>"
    moved = rebase(body, "plan-action/fiche-01.md", "convention-complete.md")
    assert "[Fiche 2](plan-action/fiche-02.md#objectifs)" in moved
    assert "(https://exemple.fr/)" in moved and "(#haut)" in moved
    assert 'href="../communes/marck/"' in moved  # relative to the print page's own URL


def test_diff_summary_shows_content_as_text_in_markdown_and_in_a_terminal():
    from ctg.review import Change, render

    hostile = Change("Fiche action n°1 — **Validé** ![](https://pixel.example/p.png) <!-- \x1b[8m", "modification", ["titre : « [clic](https://x.example) »"])
    markdown = render([hostile], "main", "branche", True, {})
    # Brackets escaped: no image, no link (a bare address may still be auto-linked by GitHub, as any text).
    assert "![](" not in markdown and "[clic](" not in markdown and "<!--" not in markdown
    assert "**Validé**" not in markdown and "\x1b" not in markdown
    terminal = render([hostile], "main", "branche", False, {})
    assert "\x1b" not in terminal and "\\u001b[8m" in terminal
