"""Typographie française du HTML rendu : une espace insécable à l'intérieur des guillemets « … ».

Sans elle, « ou » se retrouve seul en bout de ligne, ou au début de la suivante. Seul le texte change :
ni les balises et leurs attributs, ni le contenu de <code>, <pre>, <kbd>, <samp>, <script>, <style>,
<textarea>, ni les commentaires. Une espace qui est déjà insécable (U+00A0, U+202F) reste telle quelle.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
# A comment, or a tag (its attributes may hold « > » only inside quotes); text is what lies between.
_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|<[!?][^>]*>", re.S)
_VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})
_OPENING = re.compile(r"«[ \t\r\n]+")
_CLOSING = re.compile(r"[ \t\r\n]+»")


def _text(text: str) -> str:
    return _CLOSING.sub(NBSP + "»", _OPENING.sub("«" + NBSP, text))


def nbsp_inside_guillemets(html: str) -> str:
    """``html`` with the plain spaces inside French quotation marks made non-breaking, in text only."""
    if "«" not in html and "»" not in html:
        return html
    parts: list[str] = []
    verbatim = 0  # depth of the <code>, <pre>… elements around the current text
    position = 0
    for tag in _TAG.finditer(html):
        text = html[position : tag.start()]
        parts.append(text if verbatim else _text(text))
        parts.append(tag.group(0))
        name = (tag.group(2) or "").lower()
        if name in _VERBATIM and not tag.group(0).endswith("/>"):
            verbatim = max(0, verbatim + (-1 if tag.group(1) else 1))
        position = tag.end()
    tail = html[position:]
    parts.append(tail if verbatim else _text(tail))
    return "".join(parts)
