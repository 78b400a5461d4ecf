"""Figures: accessible tables with their charts (SVG drawn at build time), contrôles des totaux, Annexe 8."""

from __future__ import annotations

from schema.vocabulaires import THEME_LABELS

from ..kinds import KIND
from ..model import Site
from . import paths
from .common import Page, Renderer
from .markdown import esc, format_number, join_blocks
from .tableaux import computed_text, gap_subject, table_block, trajectoire_table

def annexe8_page(site: Site) -> Page:
    path = paths.ANNEXE_8
    r = Renderer(site, path)
    fiche_1 = r.link(paths.fiche(1), "fiche action n°1") if 1 in site.fiches else "fiche action n°1"
    parts = [
        "# Annexe 8 — Trajectoire de développement de places en lien avec la fiche action 1",
        "Pour chaque autorité organisatrice du service petite enfance, la convention fixe le nombre de places en "
        "établissement d'accueil du jeune enfant financées par la prestation de service unique (PSU) qu'elle soutiendra "
        f"chaque année (voir la {fiche_1}).",
    ]
    order = list(site.communes) + [site.agglomeration_id]
    for autorite in sorted(site.trajectoires, key=lambda a: (a != site.agglomeration_id, order.index(a) if a in order else 99)):
        parts.append(trajectoire_table(r, site, site.trajectoires[autorite], level=2))
    if not site.trajectoires:
        parts.append("Aucune trajectoire n'est encore saisie.")
    return Page(
        path=path,
        title="Annexe 8 — Trajectoire des places PSU",
        body=join_blocks(parts),
        description=f"Trajectoire {site.territoire.periode} des places en crèche PSU soutenues par chaque collectivité.",
        reproduit="Annexe 8 — trajectoire de développement de places en lien avec la fiche action 1",
        source_files=[KIND["trajectoires"].source(autorite=a) for a in site.trajectoires],
    )


def theme_page(site: Site, theme: str) -> Page:
    path = paths.territoire_theme(theme)
    r = Renderer(site, path)
    tables = [t for t in site.chiffres.values() if t.theme == theme]
    parts = [f"# Le territoire en chiffres — {THEME_LABELS[theme]}"]
    parts.append(r.breadcrumb((paths.TERRITOIRE, "Le territoire en chiffres"), THEME_LABELS[theme]))
    for table in tables:
        parts.append(table_block(r, table, level=2))
    return Page(
        path=path,
        title=f"Le territoire en chiffres — {THEME_LABELS[theme]}",
        body=join_blocks(parts),
        description=f"Chiffres de la convention sur le thème {THEME_LABELS[theme].lower()}, par commune et pour l'agglomération.",
        reproduit="Annexe 2 — diagnostic partagé (tableaux de chiffres)",
        source_files=[KIND["chiffres"].source(id=t.id) for t in tables],
    )


def territoire_index(site: Site) -> Page:
    path = paths.TERRITOIRE
    r = Renderer(site, path)
    parts = [
        "# Le territoire en chiffres",
        "Les chiffres que la convention publie dans son diagnostic partagé (Annexe 2), avec leur source et leur "
        "millésime. Les valeurs abîmées dans le texte numérisé sont signalées ; les totaux de la source sont recalculés.",
    ]
    for theme, label in THEME_LABELS.items():
        tables = [t for t in site.chiffres.values() if t.theme == theme]
        if not tables:
            continue
        parts.append(f"## {r.link(paths.territoire_theme(theme), label)}\n\n" + "\n".join(f"- {esc(t.titre)} ({esc(t.source)})" for t in tables))
    mismatches = [c for checks in site.controles.values() for c in checks if c.conclusive and not c.matches]
    if mismatches:
        parts.append(
            "## Écarts relevés dans les totaux de la source\n\n"
            + "\n".join(
                f"- {esc(c.table)} — {gap_subject(c)} : calcul {computed_text(c)}, imprimé {format_number(c.printed)}"
                for c in mismatches
            )
        )
    return Page(path=path, title="Le territoire en chiffres", body=join_blocks(parts), reproduit="Annexe 2 — diagnostic partagé")


def pages(site: Site) -> list[Page]:
    result = [territoire_index(site), annexe8_page(site)]
    for theme in THEME_LABELS:
        if any(t.theme == theme for t in site.chiffres.values()):
            result.append(theme_page(site, theme))
    return result
