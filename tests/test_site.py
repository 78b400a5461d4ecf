"""The built site: strict build, fields on pages, escaping, nothing third-party, links that resolve."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit


from fixtures import CONTENT, build_site
from ctg.pipeline import load_site


def page(site_dir: Path, url_path: str) -> str:
    return (site_dir / url_path / "index.html").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    # Inline tags (acronyms, links, emphasis) vanish; block tags separate words.
    inline = re.sub(r"</?(?:abbr|a|em|strong|span|code|sup|sub|time)\b[^>]*>", "", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", inline))


def test_fiche_pages_carry_every_field(built_site):
    site = load_site(CONTENT)
    for fiche in site.fiches.values():
        markup = page(built_site, f"plan-action/fiche-{fiche.numero:02d}")
        text = " ".join(text_of(markup).split())
        assert f"Fiche action n°{fiche.numero}" in text
        for objectif in fiche.objectifs:
            assert f"Objectif {objectif.numero}" in text
        for needle in [fiche.titre, fiche.pilotes[0].libelle, fiche.indicateurs[-1].texte, fiche.publics[0].texte]:
            assert " ".join(needle.split()) in text, (fiche.numero, needle)
        for note in fiche.notes_source:
            assert " ".join(note.texte.split())[:60] in text
        assert "Partie du document signé reproduite" in text


def test_fiche_links_to_its_enjeu_actors_and_communes(built_site):
    markup = page(built_site, "plan-action/fiche-01")
    assert 'href="../../enjeux/petite-enfance/"' in markup
    assert 'href="../../acteurs/ville-calais/"' in markup
    assert 'href="../../communes/coulogne/"' in markup


def test_explicit_mentions_of_another_fiche_become_links(built_site):
    markup = page(built_site, "plan-action/fiche-13")
    assert re.search(r'<a href="../fiche-15/">fiche action n°15</a>', markup)


def test_acronyms_are_explained_everywhere(built_site):
    markup = page(built_site, "plan-action/fiche-01")
    assert re.search(r'<abbr title="[^"]+">CAF</abbr>', markup)
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="[^"]+">CTG</abbr>', home)


def test_commune_without_list_says_so(built_site):
    markup = page(built_site, "communes/coulogne")
    assert "ne contient pas de liste d'équipements" in text_of(markup)


def test_commune_page_shows_equipements_by_type_and_figures(built_site):
    text = text_of(page(built_site, "communes/marck"))
    assert "Lieu pour rencontrer d'autres parents avec son enfant (LAEP)" in text
    assert "Chiffres clés" in text and "Trajectoire des places" in text


def test_total_mismatches_are_reported_on_the_page(built_site):
    site = load_site(CONTENT)
    mismatches = [c for checks in site.controles.values() for c in checks if c.conclusive and not c.matches]
    assert mismatches, "la source a des totaux qui ne tombent pas juste : ils doivent être détectés"
    territory = text_of(page(built_site, "territoire"))
    assert "Écarts relevés dans les totaux de la source" in territory


def test_no_request_to_a_third_party_host(built_site):
    """Pages load nothing from elsewhere: src, href of stylesheets and scripts, CSS url() are local."""
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            for tag in re.findall(r"<(?:script|img|link|iframe|source|video|audio)\b[^>]*>", text):
                for url in re.findall(r'(?:src|href)="([^"]+)"', tag):
                    if "<link" in tag and re.search(r'rel="(?:canonical|alternate|prev|next)"', tag):
                        continue
                    if re.match(r"^(https?:)?//", url):
                        offenders.append((path.name, url))
        if path.suffix == ".css":
            offenders += [(path.name, u) for u in re.findall(r"url\(['\"]?(https?://[^)'\"]+)", text)]
    assert not offenders, offenders[:10]


def test_internal_links_and_anchors_resolve(built_site):
    ids: dict[Path, set[str]] = {}
    broken = []
    pages = list(built_site.rglob("*.html"))
    for path in pages:
        ids[path] = set(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")))
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for url in re.findall(r'href="([^"]+)"', text):
            url = html.unescape(url)
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:")):
                continue
            if parts.path.startswith("/"):  # the 404 page links from the site root
                target = (built_site / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((str(path.relative_to(built_site)), url))
                continue
            if parts.fragment and target.suffix == ".html":
                anchors = ids.get(target)
                if anchors is None:
                    anchors = set(re.findall(r'\bid="([^"]+)"', target.read_text(encoding="utf-8")))
                if unquote(parts.fragment) not in anchors:
                    broken.append((str(path.relative_to(built_site)), url))
    assert not broken, broken[:20]


def test_open_data_files_are_published(built_site):
    folder = built_site / "donnees"
    fiches = json.loads((folder / "fiches.json").read_text(encoding="utf-8"))
    assert len(fiches) == 24 and fiches[0]["numero"] == 1
    assert (folder / "equipements.csv").read_text(encoding="utf-8").startswith("id,collectivite,type")
    metadata = json.loads((folder / "metadonnees.json").read_text(encoding="utf-8"))
    assert metadata["licence"] == "Licence Ouverte / Etalab 2.0"
    assert json.loads((folder / "schemas" / "fiche.schema.json").read_text(encoding="utf-8"))["title"] == "Fiche"


def test_search_index_is_french_and_material_s_index_is_gone(built_site):
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr"]
    assert entry["languages"]["fr"]["page_count"] > 150
    assert not (built_site / "search" / "search_index.json").exists()


def test_print_page_holds_the_whole_convention(built_site):
    text = text_of(page(built_site, "convention-complete"))
    for needle in ("Préambule", "Article 15", "Annexe 5", "Fiche action n°24", "Trajectoire", "Délibération"):
        assert needle in text, needle


def test_yaml_text_cannot_inject_html_script_links_or_macros(content, tmp_path):
    fiche = content / "fiches/fiche-01.yaml"
    hostile = '"<script>alert(1)</script> <img src=x onerror=alert(2)> [piège](javascript:alert(3)) {{ 7*7 }} *gras* &amp;"'
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("Un contexte à Marck en Calaisis.", hostile), encoding="utf-8")
    destination = tmp_path / "site"
    result = build_site(destination, extra_env={"CTG_CONTENU": str(content)})
    assert result.returncode == 0, result.stderr
    markup = page(destination, "plan-action/fiche-01")
    assert "<script>alert(1)" not in markup and "<img src=x" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert 'href="javascript:' not in markup
    assert "{{ 7*7 }}" in html.unescape(markup) and ">49<" not in markup
    assert "<em>gras</em>" not in markup
    assert "&amp;amp;" in markup


def test_invalid_content_stops_the_build_and_keeps_the_published_site(content, tmp_path):
    destination = tmp_path / "site"
    assert build_site(destination, extra_env={"CTG_CONTENU": str(content)}).returncode == 0
    published = (destination / "index.html").read_text(encoding="utf-8")
    fiche = content / "fiches/fiche-01.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("numero: 1", "numero: un"), encoding="utf-8")
    result = build_site(destination, extra_env={"CTG_CONTENU": str(content)})
    assert result.returncode != 0
    assert "fiche-01.yaml:1:9: nombre entier attendu, « un » trouvé" in result.stderr
    assert "Traceback" not in result.stderr
    assert (destination / "index.html").read_text(encoding="utf-8") == published


def test_serve_keeps_the_last_valid_site_and_explains_the_error(content, tmp_path):
    """The editor's path: `mkdocs serve` runs, a YAML file breaks, the error is told in French."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from fixtures import REPO

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "CTG_CONTENU": str(content)},
        )
        try:
            url = f"http://127.0.0.1:{port}/plan-action/fiche-01/"
            for _ in range(120):
                try:
                    page_before = urllib.request.urlopen(url, timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.5)
            else:
                raise AssertionError(log.read_text())
            fiche = content / "fiches/fiche-01.yaml"
            fiche.write_text(fiche.read_text(encoding="utf-8").replace("numero: 1", "numero: un"), encoding="utf-8")
            for _ in range(120):
                if "dernière version valide" in log.read_text():
                    break
                time.sleep(0.5)
            text = log.read_text()
            assert "fiche-01.yaml:1:9: nombre entier attendu, « un » trouvé" in text
            assert "Traceback" not in text
            page_after = urllib.request.urlopen(url, timeout=5).read()
            heading = re.compile(rb"<h1[^>]*>.*?</h1>", re.S)
            assert heading.search(page_after).group(0) == heading.search(page_before).group(0)
        finally:
            process.terminate()
            process.wait(20)


PUBLICATION_FILLED = """\
editeur:
  nom: Collectivité d'essai
  adresse: 1, rue de l'Essai — 62000 Essai
  directeur_publication: Le directeur d'essai
hebergeur:
  nom: Hébergeur d'essai
  adresse: 2, rue de l'Hébergeur — 59000 Essai
  telephone: "03 20 00 00 00"
contact:
  courriel: contact@essai.example
adresse_du_site: https://essai.example/ctg/
"""


def test_publication_build_refuses_without_publisher_then_uses_it(content, tmp_path):
    destination = tmp_path / "site"
    # While the site is prepared, the build works and the pages say what is missing.
    assert build_site(destination, extra_env={"CTG_CONTENU": str(content)}).returncode == 0
    # Without the site's address no sitemap is published rather than an empty one.
    assert not (destination / "sitemap.xml").exists()
    assert "À compléter par la collectivité qui publie le site" in text_of(page(destination, "a-propos/mentions-legales"))
    assert "pas encore renseigné" in text_of(page(destination, "a-propos/contact"))
    # For publication it refuses, in French, naming the file.
    refused = build_site(destination, extra_env={"CTG_CONTENU": str(content), "CTG_PUBLICATION": "1"})
    assert refused.returncode != 0
    assert "publication.yaml" in refused.stderr and "publication refusée" in refused.stderr
    assert "Traceback" not in refused.stderr
    (content / "referentiels" / "publication.yaml").write_text(PUBLICATION_FILLED, encoding="utf-8")
    assert build_site(destination, extra_env={"CTG_CONTENU": str(content), "CTG_PUBLICATION": "1"}).returncode == 0
    mentions = text_of(page(destination, "a-propos/mentions-legales"))
    assert "Collectivité d'essai" in mentions and "Hébergeur d'essai" in mentions and "À compléter" not in mentions
    assert 'href="mailto:contact@essai.example"' in page(destination, "a-propos/contact")
    # The site's address makes the 404 page's links absolute: they work from a sub-folder.
    assert 'href="/ctg/assets/' in (destination / "404.html").read_text(encoding="utf-8")
    # With it, the sitemap lists every page by its absolute address, and the feed links are absolute.
    sitemap = (destination / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://essai.example/ctg/plan-action/fiche-01/</loc>" in sitemap
    assert 'href="https://essai.example/ctg/suivi/"' in (destination / "suivi" / "flux.xml").read_text(encoding="utf-8")



def test_spreadsheet_csv_opens_in_a_french_spreadsheet_one_row_per_site(built_site):
    import csv

    raw = (built_site / "donnees" / "equipements-tableur.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 avec BOM : les accents s'affichent dans un tableur"
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert "Commune du lieu" in rows[0] and "Type de service" in rows[0]
    site = load_site(CONTENT)
    expected = sum(max(1, len(p.equipement.implantations)) for p in site.equipements.values())
    assert len(rows) == expected
    sites = [r for r in rows if r["Identifiant"] == "gctm-alsh-extrascolaire"]
    assert [r["Commune du lieu"] for r in sites] == ["Hames-Boucres", "Hames-Boucres", "Fréthun", "Fréthun", "Bonningues-lès-Calais", "Les Attaques"]
    assert any("Séjours" in r["Intitulé dans la convention"] for r in rows)
    # Every column is explained on the open data page.
    explained = text_of(page(built_site, "donnees"))
    for header in rows[0]:
        assert header in explained, header


def test_commune_page_shows_its_services_before_reperes_and_figures(built_site):
    """A parent opens their commune for what exists there: « Près de chez vous » and the services come
    first, whichever collectivité's Annexe 3 list holds them; repères and figures follow."""
    def article(url_path: str) -> str:  # the page's own text, not the table of contents beside it
        markup = page(built_site, url_path)
        return text_of(markup[markup.index("<article") :])

    text = article("communes/frethun")
    order = [
        text.index("Près de chez vous"),
        text.index("Pomme de Reinette de FRETHUN"),  # the agglomération's crèche, located in Fréthun
        text.index("Services implantés à Fréthun"),
        text.index("Repères"),
        text.index("Chiffres clés"),
    ]
    assert order == sorted(order), order
    calais = article("communes/calais")
    assert calais.index("Près de chez vous") < calais.index("Services implantés à Calais") < calais.index("Repères") < calais.index("Chiffres clés")


def test_commune_summary_links_to_the_cards_and_to_the_filtered_directory(built_site):
    markup = page(built_site, "communes/frethun")
    markup = markup[markup.index("<article") :]
    summary = markup[markup.index('class="ctg-pres"') : markup.index("Services implantés à Fréthun")]
    assert 'href="#gctm-eaje-pomme-de-reinette-frethun"' in summary
    assert 'href="../../services/?commune=frethun"' in summary
    assert 'id="gctm-eaje-pomme-de-reinette-frethun"' in markup  # the card the summary points to
    # The commune's own Annexe 3 list is still reproduced, in the source's order, with its notes.
    assert "Liste de la commune dans l&#39;Annexe 3" in markup or "Liste de la commune dans l'Annexe 3" in markup


def test_directory_and_commune_say_what_serves_a_commune_without_being_located_there(built_site):
    services = page(built_site, "services")
    start = services.index('data-groupe="frethun"')
    group = services[start : services.index("</section>", start)]
    assert 'class="ctg-hors-commune" data-commune="frethun"' in group
    assert 'data-type="rpe"' in group and "Relais petite enfance mutualisé" in group
    assert "Relais petite enfance mutualisé" in text_of(page(built_site, "communes/frethun"))
    # Only what the source says: Sangatte-Blériot Plage is the commune no RPE covers.
    sangatte = services.index('data-groupe="sangatte-bleriot-plage"')
    assert "ctg-hors-commune" not in services[sangatte : services.index("</section>", sangatte)]


def test_new_commune_texts_are_escaped_for_raw_html():
    import dataclasses

    from ctg.pages.communes import nearby_section, serving_from_elsewhere
    from schema.referentiels import ServiceHorsCommune

    site = load_site(CONTENT)
    hostile = "<script>x</script> \"' & {{ 1 }} [a](javascript:b) # *em*"
    commune = site.communes["frethun"].model_copy(
        update={"nom": hostile, "services_hors_commune": [ServiceHorsCommune(type="rpe", texte=hostile)]}
    )
    site = dataclasses.replace(site, communes={**site.communes, "frethun": commune})
    from ctg.pages import paths

    for markup in (serving_from_elsewhere(site, "frethun"), nearby_section(site, paths.commune("frethun"), "frethun")):
        assert "<script>" not in markup and "{{" not in markup
        assert html.unescape(re.sub(r"<[^>]+>", "", markup)).count(hostile) >= 1
