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
    assert changes(old, new) == [
        "Objectifs et actions › n°1.2 › intitulé : « Informer » → « Informer les familles »",
        "Objectifs et actions : ordre modifié",
    ]


def test_compare_lists_of_texts_say_what_was_added_or_removed():
    assert changes({"publics": ["Parents", "Jeunes"]}, {"publics": ["Jeunes", "Grands-parents"]}) == [
        "Publics visés : retiré « Parents »",
        "Publics visés : ajouté « Grands-parents »",
    ]
    assert changes({"publics": ["a", "b"]}, {"publics": ["b", "a"]}) == ["Publics visés : ordre modifié"]
    # A value corrected in place is one change, not a removal and an addition.
    assert changes({"autres_participants": ["M. Michel DAGBERT (excusé)"]}, {"autres_participants": ["M. Michel DABGERT (excusé)"]}) == [
        "Autres participants : « M. Michel DAGBERT (excusé) » → « M. Michel DABGERT (excusé) »"
    ]


def test_compare_items_without_identity_by_their_text():
    old = {"contexte": [{"texte": "Premier"}, {"texte": "Second"}]}
    assert changes(old, {"contexte": [{"texte": "Second"}]}) == ["Contexte et diagnostic : retiré « Premier »"]
    assert changes(old, old) == []
    assert changes(old, {"contexte": [{"texte": "Premier"}, {"texte": "Second, corrigé"}]}) == [
        "Contexte et diagnostic : « Second » → « Second, corrigé »"
    ]
    with_sub = {"contexte": [{"texte": "Premier", "sous_liste": [{"texte": "a"}]}]}
    assert changes(with_sub, {"contexte": [{"texte": "Premier", "sous_liste": [{"texte": "b"}]}]}) == [
        "Contexte et diagnostic › « Premier » › précisions : « a » → « b »"
    ]


def test_compare_shortens_long_values_and_says_what_appears_or_disappears():
    assert changes({"titre": "x" * 200}, {"titre": None}) == [f"Titre : retiré « {'x' * 59}… »"]
    assert changes({"titre": None}, {"titre": "Nouveau"}) == ["Titre : ajouté « Nouveau »"]
    # A long text changed far from its start: the quotes show where it changed.
    before, after = "Le début commun de ce long texte, qui ne change pas du tout, puis la fin lue « 54 »", "Le début commun de ce long texte, qui ne change pas du tout, puis la fin lue « 5,4 »"
    (line,) = changes({"texte": before}, {"texte": after})
    assert "« 54 »" in line and "« 5,4 »" in line and line.count("…") == 2, line


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


def test_compare_keeps_entries_that_get_an_identifier_or_move():
    """Texts that become entries with an « id » (issue 12), in another order: the same entries."""
    old = {"indicateurs": ["Nombre de projets", "Nombre d'acteurs"]}
    new = {"indicateurs": [{"id": "acteurs", "texte": "Nombre d'acteurs"}, {"id": "projets", "texte": "Nombre de projets"}]}
    assert changes(old, new) == [
        "Indicateurs d'évaluation : identifiant stable ajouté à 2 éléments (texte inchangé)",
        "Indicateurs d'évaluation : ordre modifié",
    ]
    # Entries named by their identity: an « id » changed is not a removal of the text.
    renamed = {"indicateurs": [{"id": "acteurs-associes", "texte": "Nombre d'acteurs"}, {"id": "projets", "texte": "Nombre de projets"}]}
    assert changes(new, renamed) == ["Indicateurs d'évaluation › « Nombre d'acteurs » › identifiant : « acteurs » → « acteurs-associes »"]


def test_compare_summarises_entries_added_at_once():
    found = changes({"reperes": None}, {"reperes": [f"Repère n°{n} : un texte d'essai assez long pour être coupé" for n in range(1, 16)]})
    assert found == ["Repères : 15 éléments ajoutés (« Repère n°1 : un texte d'essai assez lon… », « Repère n°2 : un texte d'essai assez lon… », …)"]
