"""Command line: ``ctg check``, ``ctg new``, ``ctg diff``, ``ctg export`` (messages in French)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import find_repository


class _FrenchHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


class _FrenchParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _FrenchHelp)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"

    def error(self, message: str) -> None:  # noqa: D401 - argparse hook
        self.print_usage(sys.stderr)
        translated = (
            message.replace("the following arguments are required", "arguments obligatoires manquants")
            .replace("invalid choice", "choix invalide")
            .replace("unrecognized arguments", "arguments inconnus")
            .replace("choose from", "choisir parmi")
            .replace("expected one argument", "une valeur attendue")
        )
        self.exit(2, f"{self.prog} : erreur : {translated}\n")


_DEFAULT_FOLDER_HELP = "dossier de contenu (défaut : content/ du dépôt où l'on se trouve)"


class _NoRepository(Exception):
    pass


def _default_folders(arguments: argparse.Namespace) -> None:
    """Fill the folders left out with those of the repository the command is run from."""
    wanted = [name for name in ("dossier", "depot") if hasattr(arguments, name) and getattr(arguments, name) is None]
    if not wanted:
        return
    repository = find_repository()
    if repository is None:
        raise _NoRepository(
            f"aucun dépôt de la CTG trouvé depuis {Path.cwd()} (ni ici ni au-dessus, un dossier avec mkdocs.yml et content/) : "
            "placez-vous dans le dépôt ou indiquez le dossier de contenu"
        )
    if "dossier" in wanted:
        arguments.dossier = str(repository / "content")
    if "depot" in wanted:
        arguments.depot = str(repository)


def _parser() -> argparse.ArgumentParser:
    parser = _FrenchParser(
        prog="ctg",
        description="Outil des éditeurs de la CTG : vérifier le contenu, créer une fiche, résumer une modification.",
        add_help=False,
    )
    parser.add_argument("-h", "--aide", "--help", action="help", help="afficher cette aide")
    commands = parser.add_subparsers(dest="commande", metavar="COMMANDE", parser_class=_FrenchParser)

    check = commands.add_parser("check", help="vérifier tout le contenu YAML", add_help=False)
    check.add_argument("-h", "--aide", "--help", action="help", help="afficher cette aide")
    check.add_argument("dossier", nargs="?", default=None, help=_DEFAULT_FOLDER_HELP)
    check.add_argument(
        "--format",
        choices=("humain", "github", "human"),
        default="humain",
        help="« humain » (chemin:ligne:colonne: message) ou « github » (annotations de pull request)",
    )
    check.add_argument(
        "--publication",
        action="store_true",
        help="vérifier aussi que le site peut être publié : coordonnées de l'éditeur, de l'hébergeur et contact remplis",
    )
    check.add_argument(
        "--depuis",
        metavar="REVISION",
        default=None,
        help="signaler aussi chaque modification du texte signé depuis cette révision git (ex. origin/main) : "
        "une correction sans note « correction » est une erreur (ctg/garde.py)",
    )

    new = commands.add_parser("new", help="créer le squelette valide d'une fiche, d'un équipement ou du suivi d'une fiche", add_help=False)
    new.add_argument("-h", "--aide", "--help", action="help", help="afficher cette aide")
    new.add_argument("type", choices=("fiche", "equipement", "suivi"), help="ce qu'il faut créer")
    new.add_argument("--thematique", help="thématique de la nouvelle fiche (ex. petite-enfance)")
    new.add_argument("--titre", help="titre de la nouvelle fiche ou nom de l'équipement")
    new.add_argument("--commune", help="collectivité de l'équipement : identifiant d'une commune (content/communes) ou de l'agglomération")
    new.add_argument("--type-equipement", dest="type_equipement", help="type d'équipement (ex. eaje, laep)")
    new.add_argument("--gestionnaire", help="acteur gestionnaire de l'équipement : identifiant d'un acteur (content/acteurs)")
    new.add_argument("--fiche", help="suivi : numéro de la fiche suivie (ex. 7)")
    new.add_argument("--revue", help="suivi : date de la revue, AAAA-MM-JJ (ex. 2026-06-30)")
    new.add_argument("--dossier", default=None, help=_DEFAULT_FOLDER_HELP)

    diff = commands.add_parser("diff", help="résumer les changements de contenu entre deux révisions git", add_help=False)
    diff.add_argument("-h", "--aide", "--help", action="help", help="afficher cette aide")
    diff.add_argument("avant", help="révision de départ (ex. origin/main)")
    diff.add_argument("apres", nargs="?", default=None, help="révision d'arrivée (défaut : l'arbre de travail)")
    diff.add_argument("--format", choices=("texte", "markdown"), default="texte", help="« markdown » pour le résumé d'une pull request")
    diff.add_argument("--depot", default=None, help="dépôt git (défaut : le dépôt du dossier courant)")

    export = commands.add_parser("export", help="écrire les données ouvertes (JSON, CSV, schéma)", add_help=False)
    export.add_argument("-h", "--aide", "--help", action="help", help="afficher cette aide")
    export.add_argument("sortie", help="dossier où écrire les fichiers")
    export.add_argument("--dossier", default=None, help=_DEFAULT_FOLDER_HELP)
    return parser


def _run_check(arguments: argparse.Namespace) -> int:
    status = _run_content_check(arguments)
    if getattr(arguments, "depuis", None):
        from .garde import run_guard

        status = max(status, run_guard(arguments))
    return status


def _run_content_check(arguments: argparse.Namespace) -> int:
    from .pipeline import check_content

    root = Path(arguments.dossier)
    print(f"ctg check : vérification de {root.resolve()}", file=sys.stderr)
    site, diagnostics = check_content(root)
    if diagnostics:
        github = arguments.format == "github"
        for diagnostic in diagnostics:
            print(diagnostic.github() if github else diagnostic.human())
        count = len(diagnostics)
        sys.stdout.flush()
        print(
            f"ctg check : {count} erreur{'s' if count > 1 else ''} — rien n'est publié tant qu'elle"
            f"{'s ne sont' if count > 1 else ' n’est'} pas corrigée{'s' if count > 1 else ''}.",
            file=sys.stderr,
        )
        return 1
    assert site is not None
    from .pipeline import placeholders

    for warning in placeholders(root):
        print(warning.github("warning") if arguments.format == "github" else warning.human().replace(": texte", ": avertissement : texte", 1))
    # The publisher's details are not in the convention: a warning while the site is prepared,
    # an error when checking for publication.
    publishing = getattr(arguments, "publication", False)
    for gap in site.publication_gaps:
        if arguments.format == "github":
            print(gap.github("error" if publishing else "warning"))
        else:
            print(gap.human() if publishing else gap.human().replace(": à compléter", ": avertissement : à compléter", 1).replace(": fichier absent", ": avertissement : fichier absent", 1))
    if publishing and site.publication_gaps:
        count = len(site.publication_gaps)
        print(
            f"ctg check --publication : {count} renseignement{'s' if count > 1 else ''} manquant{'s' if count > 1 else ''} "
            "dans content/referentiels/publication.yaml — le site ne peut pas être publié.",
            file=sys.stderr,
        )
        return 1
    def count(number: int, singular: str, plural: str) -> str:
        return f"{number} {singular if number <= 1 else plural}"

    print(
        "ctg check : contenu valide — "
        + ", ".join(
            (
                count(len(site.fiches), "fiche", "fiches"),
                count(len(site.enjeux), "enjeu", "enjeux"),
                count(len(site.equipements), "équipement", "équipements"),
                count(len(site.acteurs), "acteur", "acteurs"),
                count(len(site.communes), "commune", "communes"),
                count(len(site.chiffres), "tableau de chiffres", "tableaux de chiffres"),
                # Suivi de la convention: the reviews published and the fiches followed.
                count(len(site.suivi.revues), "revue de suivi", "revues de suivi"),
                _avenants_words(site),
            )
        )
        + "."
    )
    return 0


def _avenants_words(site) -> str:
    """« aucun avenant », or how many and the date of the text in force (ctg/avenants.py)."""
    avenants = getattr(getattr(site, "versions", None), "avenants", ())
    if not avenants:
        return "aucun avenant"
    from .pages.markdown import french_date

    return f"{len(avenants)} avenant{'s' if len(avenants) > 1 else ''} (texte en vigueur au {french_date(avenants[-1].date_signature)})"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    if arguments.commande is None:
        parser.print_help()
        return 2
    try:
        _default_folders(arguments)
        if arguments.commande == "check":
            return _run_check(arguments)
        if arguments.commande == "new":
            from .scaffold import run_new

            return run_new(arguments)
        if arguments.commande == "diff":
            from .review import run_diff

            return run_diff(arguments)
        if arguments.commande == "export":
            from .opendata import run_export

            return run_export(arguments)
    except _NoRepository as error:
        print(f"ctg {arguments.commande} : {error}.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ctg : interrompu.", file=sys.stderr)
        return 130
    except Exception as error:  # never a traceback for an editor
        print(f"ctg : erreur inattendue ({type(error).__name__} : {error}). Signalez-la avec la commande lancée.", file=sys.stderr)
        return 3
    return 2
