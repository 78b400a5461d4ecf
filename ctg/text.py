"""Text helpers shared by the resolver and the pages: one way to fold, slug and find fiche mentions.

The standard library's Unicode tables are enough here; a slug library would add a dependency for
five lines and fold ligatures differently from the search.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Iterator

from schema.common import ItemDetail

# « fiche action n°15 », « fiche n° 3 » are explicit mentions of another fiche.
FICHE_MENTION = re.compile(r"\bfiches?\s+(?:action\s+)?n\s*[°o]\s*(\d{1,3})\b", re.IGNORECASE)

_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case without accents or ligatures (« Cœur » → « coeur »), for matching whatever the spelling."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def slug(text: str) -> str:
    """Identifier or anchor from a label: folded, words joined by hyphens (« Relais Petite Enfance » → « relais-petite-enfance »)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "section"


def item_texts(items: Iterable[ItemDetail]) -> Iterator[str]:
    """Every text of a list and of its sub-lists, in reading order."""
    for item in items:
        yield item.texte
        yield from item_texts(item.sous_liste)


def visible(text: str) -> str:
    """Text for a terminal or a log: control characters and direction overrides written as « \\u001b »,
    so that a value can neither hide what follows it nor forge a line (an annotation, a prompt)."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
