"""Python-Markdown ``abbr`` extension with a linear tree walk.

Why not the stock extension alone: its tree walk looks up each element's position with
``list(parent).index(el)``, which is quadratic in the number of siblings. The one-page convention
and the services directory have thousands of siblings, so their rendering time exploded with
content. Same behaviour, same options (``glossary``); only the walk differs.
"""

from __future__ import annotations

import re

from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor
from markdown.util import ETX, STX, AtomicString

# Python-Markdown keeps raw HTML out of the text as « STX wzxhzdk:N ETX » placeholders: an acronym
# found inside one would break the placeholder and lose the HTML block it stands for.
_PLACEHOLDER = re.compile(f"{STX}[^{ETX}]*{ETX}")


def _outside_placeholders(matches, text: str):
    spans = [m.span() for m in _PLACEHOLDER.finditer(text)] if STX in text else []
    return [m for m in matches if not any(start < m.end() and m.start() < end for start, end in spans)]


class LinearAbbrTreeprocessor(AbbrTreeprocessor):
    def iter_element(self, el, parent=None, index: int = 0) -> None:
        # Children are visited last to first, so insertions after one never move the earlier ones.
        for position in range(len(el) - 1, -1, -1):
            self.iter_element(el[position], el, position)
        text = el.text
        if text and not isinstance(text, AtomicString):
            for match in reversed(_outside_placeholders(self.RE.finditer(text), text)):
                if self.abbrs[match.group(0)]:
                    el.insert(0, self.create_element(self.abbrs[match.group(0)], match.group(0), text[match.end():]))
                    text = text[: match.start()]
            el.text = text
        tail = el.tail
        if parent is not None and tail and not isinstance(tail, AtomicString):
            for match in reversed(_outside_placeholders(self.RE.finditer(tail), tail)):
                if self.abbrs[match.group(0)]:
                    parent.insert(index + 1, self.create_element(self.abbrs[match.group(0)], match.group(0), tail[match.end():]))
                    tail = tail[: match.start()]
            el.tail = tail


class LinearAbbrExtension(AbbrExtension):
    def extendMarkdown(self, md) -> None:
        super().extendMarkdown(md)
        md.treeprocessors.register(LinearAbbrTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs) -> LinearAbbrExtension:  # noqa: N802 - Python-Markdown's entry point name
    return LinearAbbrExtension(**kwargs)
