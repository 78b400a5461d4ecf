"""Text helpers shared by the resolver and the pages: one way to fold, slug and find fiche mentions.

The standard library's Unicode tables are enough here; a slug library would add a dependency for
five lines and fold ligatures differently from the search.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Iterator

from schema import Fiche
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


def fiche_texts(fiche: Fiche) -> Iterator[str]:
    """Every text of a fiche, where communes and other fiches are mentioned."""
    yield fiche.titre
    yield from item_texts(fiche.contexte)
    for objectif in fiche.objectifs:
        yield objectif.intitule
        yield from item_texts(objectif.precisions)
        yield from item_texts(objectif.actions)
    yield from item_texts(fiche.publics)
    yield from item_texts(fiche.actions)
    yield from fiche.calendrier
    for intervenant in list(fiche.pilotes) + list(fiche.partenaires):
        yield intervenant.libelle
    yield from item_texts(fiche.resultats_attendus)
    yield from item_texts(fiche.indicateurs)
    yield from fiche.remarques


def commune_pattern(names: Iterable[str]) -> str:
    """A regular expression (on folded text) for the names of one commune.

    A commune's name must not match inside a longer place name: « Ville » neither in « Grand Ville »,
    « Pas-de-Ville », « Saint-Pierre-lès-Ville » nor « Villeneuve » (an agglomération, a department,
    a neighbour, another town).
    """
    alternatives = sorted({re.escape(fold(n)) for n in names}, key=len, reverse=True)
    variants = [a.replace(r"\-", r"[\s-]").replace(r"\ ", r"[\s-]") for a in alternatives]
    return (
        r"(?<![\w-])(?<!grand )(?<!pas de )(?<!pas-de-)(?<!les )(?<!les-)"
        r"(?:" + "|".join(variants) + r")(?![\w])"
    )


def town_key(text: str) -> str:
    """A town as an address writes it, compared whatever its accents, hyphens and « CEDEX »."""
    folded = fold(text).replace("-", " ").replace("/", " ")
    folded = re.sub(r"\bcedex\b", " ", folded)
    return " ".join(folded.split())
