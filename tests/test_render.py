"""Chunked rendering of very long pages (ctg.render), without MkDocs."""

from __future__ import annotations

import re

from ctg.render import batches, render_in_chunks

EXTENSIONS = ["attr_list", "md_in_html", "toc", "tables"]


def test_batches_join_small_chunks_and_keep_lists_apart():
    joined = batches(["- a", "- b", "x" * 50, "Texte"], size=20)
    assert joined[0] == "- a\n\n<!-- fin de liste -->\n\n- b"
    assert joined[1] == "x" * 50 and joined[2] == "Texte"


def test_chunks_render_like_one_page_with_unique_ids_and_working_links():
    chunks = [
        "## Préambule\n\nVoir [l'article 1](convention/article-01.md#objet) et [plus bas](#annexes).",
        "## Préambule\n\n- un\n- deux",
        "- trois",
        "## Annexes\n\nFin.",
    ]
    html = render_in_chunks(chunks, "convention-complete.md", EXTENSIONS, {}, size=60)
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids)) == 3, ids  # the same heading twice keeps two anchors
    assert all(re.fullmatch(r"m\d+-.+", i) for i in ids)
    assert re.findall(r'href="#([^"]+)"', html) == [next(i for i in ids if i.endswith("-annexes"))]  # across chunks
    assert 'href="../convention/article-01/#objet"' in html  # a .md link becomes the page's URL
    assert html.count("<ul>") == 2  # the two lists of two chunks stay two lists
    assert html.startswith('<div class="ctg-morceaux">') and "Fin." in html
