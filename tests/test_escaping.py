"""Each escaper against the real renderer: what a reader sees is exactly what the editor typed.

Round-trip property, checked on thousands of random strings built from the characters that mean
something to Markdown, HTML, Jinja or a spreadsheet: escape, render with the site's own Markdown
configuration, read the text back as a browser would, compare.
"""

from __future__ import annotations

import random
from html.parser import HTMLParser

import markdown
import pytest
import yaml

from fixtures import REPO
from ctg.opendata import csv_cell
from ctg.pages.markdown import LIST_SEPARATOR, esc, front_matter, html_escape, is_safe_url, join_blocks, safe_href

PIECES = [
    "a", "Z", "é", "œ", " ", "  ", "\u00a0", "<", ">", "&", '"', "'", "’", "\\", "`", "*", "_", "{", "}", "[", "]",
    "(", ")", "|", "#", "+", "-", ":", "=", "~", "!", "1.", "2)", "%", ";", "/", "«", "»", "{{", "{%", "{#", "<!--",
    "-->", "<script>", "</div>", "<b>", "&amp;", "&#60;", "&lt;", "javascript:", "http://x.fr", "*[A]: b", "[x](y)",
    "***", "---", "===", "> ", "- ", "1. ", "    ", "\t", "@", "$", "^", "$$", "!!! note", "<https://a.b>", "GCTM",
]


def random_strings(count: int, seed: int = 20261204) -> list[str]:
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        text = " ".join(text.split())  # content texts are single-spaced and stripped (schema Text)
        if text:
            found.append(text)
    return found


def site_markdown() -> markdown.Markdown:
    """The site's own Markdown extensions and options (mkdocs.yml), glossary included."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        extensions.append(name)
        configs[name] = options or {}
    configs["mkdocs_hooks.abreviations"] = {"glossary": {"GCTM": "Grand Calais Terres & Mers"}}
    configs["toc"] = {**configs["toc"], "permalink": False}  # the « # » after headings is not the text
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


class _Reader(HTMLParser):
    """Text and attributes as a browser builds them (character references decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append("<!--")


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


@pytest.fixture(scope="module")
def md() -> markdown.Markdown:
    return site_markdown()


def shown(md: markdown.Markdown, source: str) -> _Reader:
    return read(md.reset().convert(source))


@pytest.mark.parametrize(
    "template, tags",
    [
        ("{}", {"p"}),  # a paragraph
        ("- {}", {"ul", "li"}),  # a list item
        ("### {}", {"h3"}),  # a heading
        ("Texte : **{}**", {"p", "strong"}),  # inside emphasis written by the generator
        ('<div class="x" markdown>{}</div>', {"div", "p"}),  # Markdown inside an HTML element
    ],
)
def test_markdown_escape_shows_the_text_as_typed(md, template, tags):
    for text in random_strings(1500):
        page = shown(md, template.format(esc(text)))
        prefix = "Texte : " if template.startswith("Texte") else ""
        assert "".join(page.text).strip() == prefix + text, text
        assert set(page.tags) <= tags | {"abbr"}, (text, page.tags)  # no element came from the text


@pytest.mark.parametrize("template", ['<div class="x">{}</div>', "<table><tr><td>{}</td></tr></table>", '<p class="x">{} et {}</p>'])
def test_html_escape_shows_the_text_as_typed_in_raw_html(md, template):
    for text in random_strings(1500):
        page = shown(md, template.format(*[html_escape(text)] * template.count("{}")))
        expected = " et ".join([text] * template.count("{}"))
        assert "".join(page.text).strip() == expected, text
        assert not {"script", "b", "a", "<!--"} & set(page.tags), text


def test_html_escape_keeps_attribute_values_whole(md):
    for text in random_strings(1500):
        for quote in ('"', "'"):
            page = shown(md, f"<div title={quote}{html_escape(text)}{quote} data-x={quote}{html_escape(text)}{quote}>x</div>")
            assert page.attributes == [("div", "title", text), ("div", "data-x", text)], text


def test_svg_text_is_escaped_as_xml():
    import xml.etree.ElementTree as ET

    for text in random_strings(500):
        svg = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg"><text>{html_escape(text)}</text></svg>')
        assert svg[0].text == text


def test_front_matter_is_plain_yaml_with_html_escaped_texts():
    for text in random_strings(500):
        meta = yaml.safe_load(front_matter({"title": text, "hide": ["toc"], "genere": True}).strip().strip("-"))
        assert "".join(read(meta["title"]).text) == text
        assert meta["hide"] == ["toc"] and meta["genere"] is True
        assert "<" not in meta["title"] and '"' not in meta["title"]


def test_history_details_are_escaped_at_every_depth():
    """Each change of a history line (« details », « autres », folded) is printed as it is by the
    template: escaped once by front_matter (generated pages) or html_values (hand-written pages)."""
    from ctg.historique import Evenement
    from ctg.pages.markdown import html_values

    for text in random_strings(200):
        event = Evenement("2026-12-05", "correction", "Correction de transcription", "5 changements", text, (text,) * 5)
        for meta in (yaml.safe_load(front_matter({"historique": [event.as_meta()]}).strip().strip("-"))["historique"][0], html_values(event.as_meta())):
            for shown in [meta["note"], *meta["details"], *meta["autres"]]:
                assert "".join(read(shown).text) == text
                assert "<" not in shown and '"' not in shown


def test_two_lists_in_a_row_stay_two_lists(md):
    page = md.reset().convert(join_blocks(["- un\n- deux", "- trois", "1. quatre", "Paragraphe", "- cinq\n    - sous-liste", "- six"]))
    assert page.count("<ul>") == 5 and page.count("<ol>") == 1, page  # four lists and one sub-list
    assert page.count(LIST_SEPARATOR) == 3
    # A paragraph after a list needs no separator, and nothing is added when there is no list.
    assert join_blocks(["Titre", "Texte", None, ""]) == "Titre\n\nTexte"


def test_a_text_that_looks_like_markdown_stays_text(md):
    for text in ("1. premier", "# titre", "> citation", "- tiret", "+ plus", "=== ", "--- ", "2) deux", "* étoile"):
        page = shown(md, join_blocks(["- élément", esc(text)]))
        assert page.tags.count("li") == 1 and "h1" not in page.tags and "blockquote" not in page.tags, text
        assert "".join(page.text).split() == ["élément"] + text.split(), text


@pytest.mark.parametrize(
    "url, safe",
    [
        ("https://www.caf.fr/", True),
        ("http://exemple.fr/a?b=c", True),
        ("mailto:contact@exemple.fr", True),
        ("tel:+33321000000", True),
        ("../communes/marck/", True),
        ("/services/", True),
        ("#contact", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("//autre-hote.example/", False),
        ("file:///etc/passwd", False),
    ],
)
def test_only_trusted_link_schemes(url, safe):
    assert is_safe_url(url) is safe
    assert (safe_href(url) == "#") is (not safe)


def test_csv_cells_never_start_a_formula():
    assert csv_cell("=HYPERLINK(\"http://x\",\"clic\")") == "'=HYPERLINK(\"http://x\",\"clic\")"
    for start in ("+", "-", "@", "\t", "\r"):
        assert csv_cell(start + "cmd|' /C calc'!A0").startswith("'"), start
    assert csv_cell("-1.1") == "-1.1" and csv_cell("+3") == "+3" and csv_cell(12) == 12
    assert csv_cell("Crèche - Calais") == "Crèche - Calais"


def test_a_link_field_of_the_schema_refuses_untrusted_schemes():
    from pydantic import TypeAdapter, ValidationError

    from schema.common import Url

    adapter = TypeAdapter(Url)
    for good in ("https://www.caf.fr/allocataires", "mailto:rpe@exemple.fr", "tel:+33321000000"):
        assert adapter.validate_python(good) == good
    for bad in ("javascript:alert(1)", "data:text/html,x", "ftp://x.fr", "https://a b.fr", "//hote.fr", "www.caf.fr"):
        with pytest.raises(ValidationError, match="adresse refusée"):
            adapter.validate_python(bad)


def test_tooltip_titles_hold_no_tag_but_keep_ampersands():
    from ctg.pages.markdown import tooltip_text

    assert tooltip_text('Terres & Mers <img src=x onerror="alert(1)"> &lt;b&gt;') == (
        'Terres & Mers &lt;img src=x onerror="alert(1)"&gt; &amp;lt;b&amp;gt;'
    )


def tooltip_shown(value: str) -> _Reader:
    """What Material's tooltip shows: the attribute's value inserted as HTML."""
    return read(value)


def test_glossary_tooltips_show_the_definition_as_typed():
    from types import SimpleNamespace

    from ctg.pages.glossaire import abbreviations

    md = site_markdown()
    for text in random_strings(600):
        entry = SimpleNamespace(sigle="GCTM", definition=text)
        md.reset()  # (it restores the configured glossary: replace it after)
        md.treeprocessors["abbr"].abbrs.update(abbreviations(SimpleNamespace(glossaire=SimpleNamespace(entrees=[entry]))))
        page = read(md.convert("Le GCTM."))
        title = next(value for tag, name, value in page.attributes if tag == "abbr" and name == "title")
        shown_text = tooltip_shown(title)
        assert shown_text.tags == [] and "".join(shown_text.text) == text, text


def test_figure_tooltips_show_the_reading_as_typed(md):
    from ctg.pages.markdown import tooltip_text

    for text in random_strings(800):
        page = shown(md, f'<p><abbr title="{html_escape(tooltip_text(text))}">*</abbr></p>')
        title = next(value for tag, name, value in page.attributes if name == "title")
        shown_text = tooltip_shown(title)
        assert shown_text.tags == [] and "".join(shown_text.text) == text, text


def test_an_acronym_never_breaks_the_placeholders_of_raw_html(md):
    md = site_markdown()
    md.treeprocessors["abbr"].abbrs.update({"wzxhzdk": "piège", "GCTM": "Grand Calais"})
    html = md.convert('<div class="bloc">Bloc brut</div>\n\nTexte GCTM <span>en ligne</span> wzxhzdk')
    assert '<div class="bloc">Bloc brut</div>' in html and "<span>en ligne</span>" in html
    assert '<abbr title="Grand Calais">GCTM</abbr>' in html and 'title="piège">wzxhzdk</abbr>' in html


def test_front_matter_is_ascii_so_no_character_can_break_it():
    text = front_matter({"title": "Crèche « Pomme d'Api » \u0085 \u2028"})
    assert text.isascii()
    assert yaml.safe_load(text.strip().strip("-"))["title"] == "Crèche « Pomme d&#39;Api » \u0085 \u2028"


def test_backslashes_do_not_sneak_another_host_into_a_link():
    for url in ("/\\evil.example/x", "\\\\evil.example", "\\/evil.example"):
        assert not is_safe_url(url), url
