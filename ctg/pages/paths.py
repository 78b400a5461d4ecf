"""Where each generated page lives (paths of Markdown files inside the site's docs tree)."""

from __future__ import annotations

HOME = "index.md"
PLAN = "plan-action/index.md"
ENJEUX = "enjeux/index.md"
COMMUNES = "communes/index.md"
SERVICES = "services/index.md"
ACTEURS = "acteurs/index.md"
GLOSSAIRE = "glossaire.md"
TERRITOIRE = "territoire/index.md"
CONVENTION = "convention/index.md"
ANNEXES = "annexes/index.md"
ANNEXE_3 = "annexes/annexe-3-equipements.md"
ANNEXE_7 = "annexes/annexe-7-fiches-de-poste.md"
ANNEXE_8 = "annexes/annexe-8-trajectoire.md"
DELIBERATIONS = "deliberations/index.md"
IMPRIMER = "convention-complete.md"
DONNEES = "donnees.md"


def fiche(numero: int) -> str:
    return f"plan-action/fiche-{numero:02d}.md"


def enjeu(thematique: str) -> str:
    return f"enjeux/{thematique}.md"


def commune(identifier: str) -> str:
    return f"communes/{identifier}.md"


def acteur(identifier: str) -> str:
    return f"acteurs/{identifier}.md"


def texte(partie: str, identifier: str) -> str:
    folder = {"convention": "convention", "annexe": "annexes", "presentation": "presentation"}[partie]
    return f"{folder}/{identifier}.md"


def deliberation(identifier: str) -> str:
    return f"deliberations/{identifier}.md"


def poste(identifier: str) -> str:
    return f"annexes/fiches-de-poste/{identifier}.md"


def territoire_theme(theme: str) -> str:
    return f"territoire/{theme}.md"
