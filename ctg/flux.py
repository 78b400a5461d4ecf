"""Atom feed of the follow-up (suivi/flux.xml), written with feedgenerator (no hand-made XML).

One entry per published review, and one per fiche followed at that review. The feed stays valid
(and says so) when no review is published yet.
"""

from __future__ import annotations

import html
from datetime import datetime, timezone

from feedgenerator import Atom1Feed

from schema.suivi import INSTANCES, STATUTS

from .model import Site
from .pages import paths
from .pages.markdown import french_date, page_url
from .suivi import period_years
from .text import slug



class _Feed(Atom1Feed):
    start_year = 2025  # first year of the convention (set from the territory's period)

    def latest_post_date(self):
        # Without any entry, the library would write the time of the build: keep the feed the same
        # from one build to the next (the start of the convention's period).
        if not self.items:
            return datetime(self.start_year, 1, 1, tzinfo=timezone.utc)
        return super().latest_post_date()


def _html(lines: list[str]) -> str:
    """An Atom summary is declared as HTML: every content text is escaped before it goes in (then XML-escaped by the library)."""
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines)


def _when(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=timezone.utc)


def feed_text(site: Site, base_url: str = "/") -> str:
    """The feed; ``base_url`` is the site's address (« / » when it is not known yet)."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    suivi = site.suivi
    dashboard = base + "suivi/"
    first_year = period_years(site.territoire.periode)[0]
    tag = f"tag:ctg-{slug(site.territoire.nom)},{first_year}:"
    feed = _Feed(
        title=f"Suivi de la Convention Territoriale Globale — {site.territoire.nom}",
        link=dashboard,
        description=f"Revues du plan d'actions de la CTG {site.territoire.periode} : statuts des fiches action et valeurs des indicateurs.",
        language="fr",
        feed_url=base + "suivi/flux.xml",
        feed_guid=tag + "suivi",
    )
    feed.start_year = first_year
    items: list[tuple[str, int, dict]] = []
    for revue in suivi.revues:
        instance = revue.intitule if revue.instance == "autre" and revue.intitule else INSTANCES[revue.instance]
        lines = [revue.resume] + [f"Décision : {d}" for d in revue.decisions]
        followed = [(n, s) for n, s in suivi.fiches.items() if any(p.revue == revue.date for p in s.points)]
        for numero, own in followed:
            point = next(p for p in own.points if p.revue == revue.date)
            lines.append(f"Fiche {numero} : {STATUTS[point.fiche.statut].lower()}")
        items.append((revue.date, 0, dict(
            title=f"Revue du {french_date(revue.date)} — {instance}",
            link=dashboard,
            description=_html(lines),
            unique_id=f"{tag}revue/{revue.date}",
            updateddate=_when(revue.date),
            pubdate=_when(revue.date),
        )))
        for numero, own in followed:
            point = next(p for p in own.points if p.revue == revue.date)
            fiche = site.fiches[numero]
            details = [f"Fiche : {STATUTS[point.fiche.statut].lower()}" + (f" ({point.fiche.commentaire})" if point.fiche.commentaire else "")]
            for objectif, statut in point.objectifs.items():
                details.append(f"Objectif {objectif} : {STATUTS[statut.statut].lower()}" + (f" ({statut.commentaire})" if statut.commentaire else ""))
            for values in own.valeurs.values():
                for value in values:
                    if value.revue == revue.date:
                        details.append(f"Indicateur « {value.indicateur} » {value.annee} : {value.valeur_affichee} (cible {value.cible_affichee})")
            items.append((revue.date, numero, dict(
                title=f"Fiche {numero} — {fiche.titre} : {STATUTS[point.fiche.statut].lower()}",
                link=base + page_url(paths.fiche(numero)) + "#avancement",
                description=_html(details),
                unique_id=f"{tag}revue/{revue.date}/fiche-{numero:02d}",
                updateddate=_when(revue.date),
                pubdate=_when(revue.date),
            )))
    for _, _, item in sorted(items, key=lambda x: (x[0], -x[1]), reverse=True)[:200]:
        feed.add_item(**item)
    return feed.writeString("utf-8")
