/* Recherche du site (page /recherche/ et champ de l'en-tête).
 *
 * L'index est celui de Pagefind (écrit à la construction par ctg/recherche.py) : le téléphone ne
 * télécharge que les morceaux dont la requête a besoin. Pagefind ignore déjà accents, majuscules et
 * terminaisons (pluriel, féminin) ; ce script plie la requête comme ctg/recherche.py plie les
 * synonymes (apostrophes, élisions, ligatures, mots vides), ajoute les synonymes du référentiel et du
 * glossaire, corrige une faute de frappe d'une lettre vers un mot du vocabulaire du site, puis classe
 * d'abord les services du type que la requête nomme (« crèche », « RAM »), puis les pages et les
 * services dont le titre contient les mots cherchés.
 * Tout texte venant des pages est inséré par textContent : jamais interprété comme du HTML.
 */
(function () {
  "use strict";

  var ROOT = new URL("../", document.currentScript.src); // docs/assets/ est à la racine du site
  var SHOWN = 10; // résultats affichés à la fois
  var LOADED = 20; // résultats dont on télécharge le détail (titre, extrait) : de petits fragments

  /* ---- Raccourci clavier : « / » ou « s » place le curseur dans la recherche -------------------- */
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key !== "/" && event.key !== "s" && event.key !== "S") return;
    var box = document.getElementById("ctg-q") || document.getElementById("ctg-q-entete");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  /* ---- Pliage : mêmes règles que ctg/recherche.py ------------------------------------------------ */
  var LIGATURES = { "œ": "oe", "æ": "ae", "ß": "ss" };
  var ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)'(?=.)/;

  function fold(text) {
    return text
      .toLowerCase()
      .replace(/[’‘ʼ´`]/g, "'")
      .replace(/[œæß]/g, function (c) { return LIGATURES[c]; })
      .normalize("NFKD")
      .replace(/[^\x00-\x7f]/g, ""); // as ctg/text.py: what is not ASCII once decomposed is dropped
  }

  function terms(text, stopWords) {
    var words = (fold(text).match(/[a-z0-9']+/g) || [])
      .map(function (w) { return w.replace(ELISION, "").replace(/'/g, ""); })
      .filter(function (w) { return w.length > 1 || /[0-9]/.test(w); }); // « d' » or « l » alone: never searched
    var meaningful = words.filter(function (w) { return !stopWords.has(w); });
    return meaningful.length ? meaningful : words;
  }

  /* « crèches » and « crèche », « jeux » and « jeu » compare equal (as _plural in ctg/recherche.py). */
  function plural(word) {
    return word.length > 4 && /[sx]$/.test(word) ? word.slice(0, -1) : word;
  }

  function indexOfSequence(words, sequence) {
    for (var i = 0; i + sequence.length <= words.length; i++) {
      var same = true;
      for (var j = 0; j < sequence.length && same; j++) same = plural(words[i + j]) === plural(sequence[j]);
      if (same) return i;
    }
    return -1;
  }

  /* One letter more, less, changed, or two letters swapped (optimal string alignment distance ≤ 1). */
  function oneLetterAway(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /* « Did you mean »: a typed word that is not on the site, one letter away from a word of the site's
     vocabulary (synonyms, kinds of services, communes: see typo_vocabulary in ctg/recherche.py), is
     searched as that word. The words of the site one letter away from them are never corrected. */
  function corrected(words, corrections) {
    var changes = [];
    var result = words.map(function (word) {
      var compared = plural(word);
      if (word.length < 5 || /^[0-9]+$/.test(word) || corrections.known.has(compared)) return word;
      var near = null;
      for (var i = 0; i < corrections.words.length && !near; i++) {
        if (corrections.words[i][0] === compared) return word;
        if (oneLetterAway(compared, corrections.words[i][0])) near = corrections.words[i];
      }
      if (!near || corrections.words.some(function (w) { return w[0] === compared; })) return word;
      changes.push({ typed: word, shown: near[1] });
      return terms(near[1], new Set())[0] || word;
    });
    return { words: result, changes: changes };
  }

  /* The query, plus one query per synonym found in it, plus the « œ » spelling the index keeps. */
  function variants(query, vocabulary) {
    var fixed = corrected(terms(query, vocabulary.stopWords), vocabulary.corrections);
    var base = fixed.words;
    var found = [{ words: base, via: null, changes: fixed.changes }];
    vocabulary.rules.forEach(function (rule) {
      var at = indexOfSequence(base, rule.de);
      if (at < 0) return;
      rule.aussi.forEach(function (other) {
        var words = base.slice(0, at).concat(other.split(" "), base.slice(at + rule.de.length));
        found.push({ words: words, via: other });
      });
    });
    var ligature = base.map(function (w) { return w.replace(/oe/g, "œ"); });
    if (ligature.join(" ") !== base.join(" ")) found.push({ words: ligature, via: null });
    var seen = new Set();
    return found.filter(function (v) {
      var key = v.words.join(" ");
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }).slice(0, 10);
  }

  /* The kinds of service (équipement types) that the query, or one of its synonyms, names
     (« crèche », « halte-garderie » → eaje; « RAM » → rpe): see service_kinds in ctg/recherche.py. */
  function namedKinds(all, kinds) {
    var named = new Map();
    Object.keys(kinds).forEach(function (kind) {
      kinds[kind].forEach(function (name) {
        if (all.some(function (v) { return indexOfSequence(v.words, name) >= 0; })) {
          named.set(kind, (named.get(kind) || []).concat([name]));
        }
      });
    });
    return named;
  }

  /* A typed word matches a title word sharing its beginning (crèches/crèche, maternelle/maternel). */
  function wordMatches(typed, word) {
    var length = typed.length <= 4 ? typed.length : Math.max(4, typed.length - 3);
    return word.indexOf(typed.slice(0, length)) === 0;
  }

  function titleCoverage(title, words, stopWords) {
    var titleWords = terms(title, stopWords);
    if (!titleWords.length || !words.length) return { all: false, share: 0 };
    var hits = words.filter(function (w) { return titleWords.some(function (t) { return wordMatches(w, t); }); });
    var covered = titleWords.filter(function (t) { return words.some(function (w) { return wordMatches(w, t); }); });
    return { all: hits.length === words.length, some: hits.length / words.length, share: covered.length / titleWords.length };
  }

  /* ---- Chargement paresseux : rien n'est téléchargé avant la première recherche ------------------ */
  var engine = null;
  function load() {
    if (!engine) {
      engine = Promise.all([
        import(new URL("pagefind/pagefind.js", ROOT).href).then(function (pagefind) {
          return pagefind.options({ baseUrl: ROOT.pathname, basePath: ROOT.pathname + "pagefind/", excerptLength: 24 }).then(function () { return pagefind; });
        }),
        fetch(new URL("assets/recherche-synonymes.json", ROOT)).then(function (r) { return r.json(); }),
      ]).then(function (loaded) {
        var corrections = loaded[1].corrections || { mots: [], voisins: [] };
        return {
          pagefind: loaded[0],
          vocabulary: {
            rules: loaded[1].regles,
            stopWords: new Set(loaded[1].mots_vides),
            kinds: loaded[1].services || {},
            corrections: { words: corrections.mots, known: new Set(corrections.voisins) },
          },
        };
      });
    }
    return engine;
  }

  /* Pagefind keeps the pages holding every word. When few do, pages holding some of the words follow
     (a parent's extra word must not empty the list); the fewer words, the lower. The words' index
     chunks are already loaded by the first search: these searches download nothing more. */
  /* One Pagefind search at a time: on a large index, concurrent searches never finished (measured at ×100). */
  function oneAfterAnother(items, run) {
    var answers = [];
    return items.reduce(function (previous, item) {
      return previous.then(function () { return run(item); }).then(function (answer) { answers.push(answer); });
    }, Promise.resolve()).then(function () { return answers; });
  }

  function searchVariant(pagefind, variant) {
    return pagefind.search(variant.words.join(" ")).then(function (answer) {
      var results = (answer && answer.results) || [];
      var hits = results.map(function (r) { return { result: r, score: r.score, variant: variant, coverage: 1 }; });
      if (variant.words.length < 2 || results.length >= 5) return hits;
      var complete = new Set(results.map(function (r) { return r.id; }));
      return oneAfterAnother(variant.words, function (w) { return pagefind.search(w); }).then(function (answers) {
        var partial = new Map();
        answers.forEach(function (a) {
          ((a && a.results) || []).forEach(function (r) {
            if (complete.has(r.id)) return;
            var hit = partial.get(r.id) || { result: r, score: 0, variant: variant, count: 0 };
            hit.score += r.score;
            hit.count += 1;
            partial.set(r.id, hit);
          });
        });
        partial.forEach(function (hit) {
          hit.coverage = hit.count / variant.words.length;
          hit.score *= hit.coverage / variant.words.length;
          hits.push(hit);
        });
        return hits;
      });
    });
  }

  function better(a, b) { return b.coverage - a.coverage || b.score - a.score; }

  function search(query) {
    return load().then(function (loaded) {
      var all = variants(query, loaded.vocabulary).filter(function (v) { return v.words.length; });
      return oneAfterAnother(all, function (v) { return searchVariant(loaded.pagefind, v); }).then(function (answers) {
        var merged = new Map();
        answers.forEach(function (hits) {
          hits.forEach(function (hit) {
            var known = merged.get(hit.result.id);
            if (!known || better(hit, known) < 0) merged.set(hit.result.id, hit);
          });
        });
        var best = Array.from(merged.values()).sort(better);
        return Promise.all(best.slice(0, LOADED).map(function (hit) {
          return hit.result.data().then(function (data) { hit.data = data; return hit; });
        })).then(function (hits) {
          return {
            entries: rank(hits, loaded.vocabulary, all),
            total: best.length,
            via: Array.from(new Set(all.map(function (v) { return v.via; }).filter(Boolean))),
            changes: (all[0] && all[0].changes) || [],
          };
        });
      });
    });
  }

  /* When the query names a kind of service (« crèche », « RAM »), the services of that kind that hold
     all the words come first, after the page named by that kind (its title begins with one of the
     kind's names: « Relais Petite Enfance… » for « RAM »). Then pages and services whose title holds
     the typed words, then Pagefind's score. A service is its own record: its « lien » is its place
     on its commune's page. */
  function startsWithName(title, names, stopWords) {
    var words = terms(title, stopWords);
    return names.some(function (name) { return indexOfSequence(words.slice(0, name.length), name) === 0; });
  }

  function rank(hits, vocabulary, all) {
    var stopWords = vocabulary.stopWords;
    var kinds = namedKinds(all, vocabulary.kinds);
    var kindNames = [].concat.apply([], Array.from(kinds.values()));
    var entries = hits.map(function (hit) {
      var data = hit.data;
      var meta = data.meta || {};
      var title = meta.title || data.url;
      var place = meta.lien ? new URL(meta.lien, ROOT) : null;
      var coverage = titleCoverage(title, all[0].words, stopWords);
      var typed = coverage.all; // a title holding only a synonym's words is pushed up, not put first
      if (!typed) coverage = titleCoverage(title, hit.variant.words, stopWords);
      // « CAF » and its expansion both in the title: the page is named by it, more than one citing it.
      var named = all.filter(function (v) { return titleCoverage(title, v.words, stopWords).all; }).length;
      var group = coverage.all && typed ? (coverage.share === 1 ? 3 : 2) : 1; // 3: the title is the query itself
      var lead = 0;
      if (meta.type && kinds.has(meta.type) && hit.coverage === 1) group = 4; // a service of the kind asked for
      else if (!meta.type && kindNames.length && startsWithName(title, kindNames, stopWords)) { group = 4; lead = 1; }
      return {
        kind: meta.genre || "Page",
        context: meta.lieu || null,
        title: title,
        url: place ? place.pathname + place.hash : data.url,
        excerpt: data.excerpt,
        group: group,
        lead: lead,
        coverage: hit.coverage,
        score: hit.score * (1 + coverage.share + coverage.some + named),
      };
    });
    return entries.sort(function (a, b) { return b.group - a.group || b.lead - a.lead || b.coverage - a.coverage || b.score - a.score; });
  }

  /* ---- Affichage ----------------------------------------------------------------------------- */
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  /* Pagefind's excerpt marks the words found with <mark>: parsed inertly, only text and marks kept. */
  function excerpt(html) {
    var paragraph = element("p", "ctg-resultat__extrait");
    var parsed = new DOMParser().parseFromString("<body>" + (html || "") + "</body>", "text/html");
    parsed.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") paragraph.appendChild(element("mark", null, node.textContent));
      else paragraph.appendChild(document.createTextNode(node.textContent));
    });
    return paragraph;
  }

  function resultItem(entry) {
    var item = element("li", "ctg-resultat");
    var heading = element("h2", "ctg-resultat__titre");
    heading.appendChild(element("span", "ctg-resultat__genre", entry.context ? entry.kind + " · " + entry.context : entry.kind));
    heading.appendChild(document.createTextNode(" "));
    var link = element("a", null, entry.title);
    link.href = entry.url;
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(excerpt(entry.excerpt));
    return item;
  }

  function setUpPage(form) {
    var box = form.querySelector("input[name=q]");
    var status = document.querySelector(".ctg-recherche__etat");
    var list = document.querySelector(".ctg-resultats");
    var more = document.querySelector(".ctg-recherche__suite");
    var pending = 0;
    var timer = null;
    var entries = [];

    function show(count) {
      list.replaceChildren.apply(list, entries.slice(0, count).map(resultItem));
      more.hidden = entries.length <= count;
      more.dataset.affiches = String(count);
    }

    function run(query, remember) {
      var asked = ++pending;
      if (remember) {
        var url = new URL(window.location.href);
        if (query.trim()) url.searchParams.set("q", query.trim()); else url.searchParams.delete("q");
        window.history.replaceState(null, "", url);
      }
      if (!query.trim()) {
        entries = [];
        show(0);
        status.textContent = "";
        return;
      }
      status.textContent = "Recherche en cours…";
      search(query).then(function (found) {
        if (asked !== pending) return; // a newer query was typed meanwhile
        entries = found.entries;
        show(SHOWN);
        var text = found.total === 0
          ? "Aucun résultat pour «\u00a0" + query.trim() + "\u00a0». Essayez un autre mot, ou parcourez le menu."
          : found.total + (found.total > 1 ? " pages trouvées" : " page trouvée") + (found.changes.length ? "" : " pour «\u00a0" + query.trim() + "\u00a0»"); // insécables : « et » restent collés au mot
        if (found.total && found.via.length) text += " (aussi cherché : " + found.via.join(", ") + ")";
        text = /\.$/.test(text) ? text : text + ".";
        if (found.changes.length) {
          text = found.changes.map(function (c) {
            return "« " + c.typed + " » n'apparaît pas dans le site : résultats pour « " + c.shown + " ». ";
          }).join("") + text;
        }
        status.textContent = text;
      }).catch(function () {
        if (asked === pending) status.textContent = "La recherche n'a pas pu être chargée. Rechargez la page pour réessayer.";
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      run(box.value, true);
    });
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { run(box.value, true); }, 200);
    });
    more.querySelector("button").addEventListener("click", function () {
      var shown = Number(more.dataset.affiches || SHOWN);
      show(shown + SHOWN);
      var first = list.children[shown];
      if (first) first.querySelector("a").focus();
    });

    var initial = new URL(window.location.href).searchParams.get("q") || "";
    box.value = initial;
    // Sent from the header with a query: the keyboard goes on from the query, then to the results.
    // Opened without one (the header's search button on a phone): the field is ready to type in.
    box.focus();
    if (initial.trim()) run(initial, false);
  }

  var form = document.querySelector("form.ctg-recherche");
  if (form) setUpPage(form);

  // Exposed for the tests that compare this folding with ctg/recherche.py.
  window.ctgRecherche = { fold: fold, terms: terms, variants: variants, load: load, search: search };
})();
