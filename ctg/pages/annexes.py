"""The annexes of the signed document: one table for the menu, the annex index and the print page.

Each annexe is either a transcribed text (content/annexes/<texte>.yaml) or a page built from content
(the équipements of Annexe 3, the fiches of Annexe 4…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Site
from . import paths


@dataclass(frozen=True)
class Annexe:
    numero: str
    titre: str  # as the signed document titles it; « {periode} »: the convention's period (« 2025/2029 »)
    menu: str | None = None  # its label in the menu; None: not in the menu's list of annexes
    texte: str | None = None  # id of its transcribed text in content/annexes, when it has one
    page: str | None = None  # the page that shows it when it is not a text
    absente: bool = False  # numbered in the document but missing from the source


ANNEXES: tuple[Annexe, ...] = (
    Annexe("1", "Bilan de la CTG 1 (2021-2024)", "Annexe 1 — Bilan de la CTG 1", texte="annexe-1-bilan"),
    Annexe("2", "Diagnostic partagé et enjeux", "Annexe 2 — Diagnostic et enjeux", texte="annexe-2-diagnostic"),
    Annexe("3", "Liste des équipements et services soutenus par chaque collectivité locale", "Annexe 3 — Équipements et services", page=paths.ANNEXE_3),
    Annexe("4", "Plan d'action {periode} et fiches action", page=paths.PLAN),
    Annexe("5", "(absente de la source)", absente=True),
    Annexe("6", "Nouveau référentiel national du poste de chargé(e) de coopération CTG", "Annexe 6 — Référentiel du chargé de coopération", texte="annexe-6-referentiel"),
    Annexe("7", "Fiches de poste des chargé(e)s de coopération CTG", "Annexe 7 — Fiches de poste", page=paths.ANNEXE_7),
    Annexe("8", "Trajectoire de développement de places en lien avec la fiche action 1", "Annexe 8 — Trajectoire des places", page=paths.ANNEXE_8),
    Annexe("9", "Délibérations du conseil communautaire et des conseils municipaux", "Annexe 9 — Délibérations", page=paths.DELIBERATIONS),
)


def source_period(site: Site) -> str:
    """The convention's period as the signed document writes it in titles: « 2025-2029 » → « 2025/2029 »
    (only a pair of years changes: any other text of the period is kept as it is)."""
    return re.sub(r"\b(\d{4})-(\d{4})\b", r"\1/\2", site.territoire.periode)


def annex_title(site: Site, annexe: Annexe) -> str:
    return annexe.titre.format(periode=source_period(site))


def annex_page(site: Site, annexe: Annexe) -> str | None:
    """Where the annexe is shown on the site: its text's page, or its page built from content."""
    if annexe.texte and annexe.texte in site.textes:
        return paths.texte("annexe", annexe.texte)
    return annexe.page
