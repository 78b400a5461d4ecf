"""« … » keep their words on the same line: non-breaking spaces inside French quotation marks, in text only."""

from __future__ import annotations

import pytest

from ctg.typography import NBSP, nbsp_inside_guillemets


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>(« crèche », « centre\n aéré »…)</p>", f"<p>(«{NBSP}crèche{NBSP}», «{NBSP}centre\n aéré{NBSP}»…)</p>"),
        ("« <a href='x'>lien</a> »", f"«{NBSP}<a href='x'>lien</a>{NBSP}»"),
        (f"«{NBSP}déjà{NBSP}» «\u202ffine\u202f»", f"«{NBSP}déjà{NBSP}» «\u202ffine\u202f»"),
        ("sans guillemets", "sans guillemets"),
    ],
)
def test_text_gets_non_breaking_spaces(html, expected):
    assert nbsp_inside_guillemets(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        '<abbr title="valeur corrigée : lu « 0,1 »">*</abbr>',  # attributes
        '<img alt="« a » > b">',
        "<code>« a »</code>",  # code, even nested
        "<pre><code>« a »\n« b »</code></pre>",
        "<!-- « note » -->",
        '<script>var t = "« a »";</script>',
    ],
)
def test_markup_code_and_attributes_are_left_alone(html):
    assert nbsp_inside_guillemets(html) == html
    assert nbsp_inside_guillemets(html + " « après »").endswith(f"«{NBSP}après{NBSP}»")  # text after them still is


def test_search_hint_and_page_history_use_them(built_site):
    page = (built_site / "recherche" / "index.html").read_text(encoding="utf-8")
    assert f"(«{NBSP}crèche{NBSP}», «{NBSP}centre aéré{NBSP}», «{NBSP}aide aux devoirs{NBSP}»…)" in page
    annexe = (built_site / "annexes" / "annexe-8-trajectoire" / "index.html").read_text(encoding="utf-8")
    history = annexe[annexe.index('class="ctg-historique"') :]
    assert "« " not in history.split("</details>")[0]
    assert 'title="valeur corrigée : lu « ' in (built_site / "convention-complete" / "index.html").read_text(encoding="utf-8")
