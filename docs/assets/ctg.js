/* Amélioration progressive : filtres des listes et bouton d'impression.
   Sans JavaScript, les listes complètes restent affichées. Aucun appel réseau. */
(function () {
  "use strict";

  function pluriel(n, mot) { return n + " " + mot + (n > 1 ? "s" : ""); }

  // Le choix est écrit dans l'adresse : un résultat se partage et se garde en favori.
  function ecrireAdresse(selects) {
    var parametres = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var nom = select.getAttribute("data-filtre");
      if (select.value) { parametres.set(nom, select.value); } else { parametres.delete(nom); }
    });
    var requete = parametres.toString();
    window.history.replaceState(null, "", window.location.pathname + (requete ? "?" + requete : "") + window.location.hash);
  }

  function libelleChoisi(select) {
    return select.value ? select.options[select.selectedIndex].textContent : "";
  }

  function installerFiltres(formulaire) {
    var cible = document.getElementById(formulaire.getAttribute("data-cible"));
    if (!cible) { return; }
    var selects = Array.prototype.slice.call(formulaire.querySelectorAll("select[data-filtre]"));
    var compte = formulaire.querySelector(".ctg-compte");
    var elements = Array.prototype.slice.call(cible.querySelectorAll("[data-filtrable], .ctg-equipement"));
    var groupes = Array.prototype.slice.call(cible.querySelectorAll(".ctg-groupe"));
    // Services qui servent une commune sans y être implantés : montrés selon la commune et le type choisis.
    var horsCommune = Array.prototype.slice.call(cible.querySelectorAll(".ctg-hors-commune"));
    var repli = cible.getAttribute("data-repli");
    var nature = cible.getAttribute("data-nature") || "service";
    var feminin = nature === "fiche";
    var message = document.createElement("p");
    message.className = "ctg-repli";
    message.hidden = true;
    cible.parentNode.insertBefore(message, cible);

    function correspond(element, ignorer) {
      return selects.every(function (select) {
        var nom = select.getAttribute("data-filtre");
        var valeur = select.value;
        if (!valeur || nom === ignorer) { return true; }
        var attendu = (element.getAttribute("data-" + nom) || "").split(" ");
        return attendu.indexOf(valeur) !== -1;
      });
    }

    function montrer(filtre) {
      var vus = {};
      elements.forEach(function (element) {
        var montre = filtre(element);
        element.hidden = !montre;
        if (montre) { vus[element.getAttribute("data-id") || element.id || Math.random()] = true; }
      });
      groupes.forEach(function (groupe) {
        var garde = groupe.querySelectorAll(".ctg-equipement:not([hidden]), [data-filtrable]:not([hidden]), .ctg-hors-commune:not([hidden])").length > 0;
        groupe.hidden = !garde;
      });
      return Object.keys(vus).length;
    }

    // Renvoie le texte des services montrés, pour le rappeler dans le message de repli.
    function montrerHorsCommune(cacherTout) {
      var choixCommune = formulaire.querySelector("select[data-filtre=commune]");
      var choixType = formulaire.querySelector("select[data-filtre=type]");
      var textes = [];
      horsCommune.forEach(function (bloc) {
        var communeOk = !choixCommune || !choixCommune.value || choixCommune.value === bloc.getAttribute("data-commune");
        var montres = 0;
        Array.prototype.forEach.call(bloc.querySelectorAll("li[data-type]"), function (item) {
          var montre = communeOk && (!choixType || !choixType.value || choixType.value === item.getAttribute("data-type"));
          item.hidden = !montre;
          if (montre) { montres += 1; textes.push(item.textContent); }
        });
        bloc.hidden = cacherTout || montres === 0;
      });
      return textes;
    }

    function appliquer() {
      var choixCommune = formulaire.querySelector("select[data-filtre=commune]");
      var choixType = formulaire.querySelector("select[data-filtre=type]");
      var horsCommuneMontres = montrerHorsCommune(false);
      var visibles = montrer(function (element) { return correspond(element); });
      message.hidden = true;
      message.textContent = "";
      if (visibles === 0 && repli && choixCommune && choixCommune.value && choixCommune.value !== repli) {
        // Rien dans la commune : on le dit, et on montre ce que l'agglomération propose, puis tout le territoire.
        var quoi = choixType && choixType.value ? "«\u00a0" + libelleChoisi(choixType) + "\u00a0»" : "service";
        var commune = libelleChoisi(choixCommune);
        // Ce qui sert la commune sans y être implanté est dit dans le message, en tête.
        var rappel = horsCommuneMontres.length
          ? " La convention cite toutefois, pour " + commune + ", sans implantation sur place : " + horsCommuneMontres.join(" ")
          : "";
        montrerHorsCommune(true);
        visibles = montrer(function (element) {
          return element.getAttribute("data-commune") === repli && correspond(element, "commune");
        });
        if (visibles > 0) {
          message.textContent = "Aucun " + quoi + " n'est listé par la convention à " + commune + "." + rappel +
            " Voici ceux de l'agglomération, ouverts aux habitants de plusieurs communes :";
        } else {
          visibles = montrer(function (element) { return correspond(element, "commune"); });
          message.textContent = "Aucun " + quoi + " n'est listé par la convention à " + commune +
            " ni par l'agglomération." + rappel + " Voici ceux des autres communes :";
        }
        message.hidden = false;
      }
      if (compte) {
        compte.textContent = visibles === 0
          ? "Aucun résultat : changez les filtres."
          : pluriel(visibles, nature) + " affiché" + (feminin ? "e" : "") + (visibles > 1 ? "s" : "") + ".";
      }
    }

    selects.forEach(function (select) {
      select.addEventListener("change", function () { appliquer(); ecrireAdresse(selects); });
    });
    formulaire.addEventListener("submit", function (evenement) { evenement.preventDefault(); });
    formulaire.hidden = false;
    var parametres = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var valeur = parametres.get(select.getAttribute("data-filtre"));
      if (valeur && select.querySelector("option[value='" + valeur.replace(/[^a-z0-9-]/g, "") + "']")) { select.value = valeur; }
    });
    appliquer();
  }

  // Un tableau plus large que l'écran le dit, au lieu de défiler sans qu'on le sache.
  function signalerTableauxLarges() {
    Array.prototype.forEach.call(document.querySelectorAll(".ctg-table-defilante, .md-typeset__scrollwrap"), function (zone) {
      var indication = zone.previousElementSibling;
      if (!indication || !indication.classList.contains("ctg-defiler")) {
        indication = document.createElement("p");
        indication.className = "ctg-defiler";
        indication.textContent = "↔ Tableau plus large que l'écran : faites-le défiler vers la droite.";
        zone.parentNode.insertBefore(indication, zone);
      }
      indication.hidden = zone.scrollWidth <= zone.clientWidth + 1;
    });
  }

  // Un <label> de Material qui ouvre ou ferme un sous-menu s'actionne aussi à l'Espace (Material ne gère
  // que l'Entrée ; il reçoit les deux ici, une seule fois).
  function auClavier(label, apres) {
    label.setAttribute("tabindex", "0");
    label.addEventListener("keydown", function (evenement) {
      if (evenement.key !== "Enter" && evenement.key !== " ") { return; }
      evenement.preventDefault();
      evenement.stopPropagation();
      label.click();
      apres();
    });
  }

  function premierVisible(zone) {
    return Array.prototype.filter.call(zone.querySelectorAll("a[href], [tabindex='0']"), function (element) {
      return getComputedStyle(element).visibility === "visible";
    })[0];
  }

  // Le menu tiroir (téléphone, tablette ; voir ctg.css). Le <label> de Material qui l'ouvre ne prend pas le
  // clavier : un vrai bouton le remplace (Entrée, Espace, aria-expanded) et place le clavier dans le menu ;
  // Échap ferme le menu et rend la main au bouton ; en sortir au clavier le ferme. Dans le tiroir, le titre
  // d'un sous-menu (« ← La convention ») ramène au menu parent.
  function installerMenuTiroir() {
    var tiroir = document.getElementById("__drawer");
    var etiquette = document.querySelector(".md-header__button[for='__drawer']");
    var menu = document.querySelector(".md-sidebar--primary");
    if (!tiroir || !etiquette || !menu) { return; }
    var bouton = document.createElement("button");
    bouton.type = "button";
    bouton.className = "md-header__button md-icon ctg-bouton-menu";
    bouton.setAttribute("aria-label", "Menu");
    var icone = etiquette.querySelector("svg");
    if (icone) { bouton.appendChild(icone.cloneNode(true)); }
    etiquette.parentNode.insertBefore(bouton, etiquette);
    etiquette.style.display = "none";
    function suivre() { bouton.setAttribute("aria-expanded", tiroir.checked ? "true" : "false"); }
    suivre();
    tiroir.addEventListener("change", suivre);
    bouton.addEventListener("click", function (evenement) {
      tiroir.click();
      var premier = tiroir.checked && evenement.detail === 0 && premierVisible(menu); // au clavier
      if (premier) { premier.focus({ preventScroll: true }); }
    });
    document.addEventListener("keydown", function (evenement) {
      if (evenement.key === "Escape" && tiroir.checked) {
        tiroir.click();
        bouton.focus();
      }
    });
    document.addEventListener("focusin", function (evenement) {
      if (tiroir.checked && !menu.contains(evenement.target) && evenement.target !== bouton) { tiroir.click(); }
    });
    Array.prototype.forEach.call(menu.querySelectorAll("label.md-nav__title[for]:not([for='__drawer'])"), function (titre) {
      var element = titre.parentNode.parentNode; // le <li> du sous-menu
      auClavier(titre, function () {
        var retour = premierVisible(element); // le lien ou le « › » qui avait ouvert le sous-menu
        if (retour) { retour.focus({ preventScroll: true }); }
      });
    });
    // Le « › » d'un sous-menu a un nom ; le sous-menu ouvert au clavier reçoit le clavier.
    Array.prototype.forEach.call(menu.querySelectorAll(".md-nav__toggle"), function (case_) {
      var sous = case_.parentNode.querySelector(":scope > .md-nav");
      var ouvrir = menu.querySelector("label.md-nav__link[for='" + case_.id + "'][tabindex='0']");
      if (!sous) { return; }
      if (ouvrir) {
        auClavier(ouvrir, function () {});
        if (!ouvrir.textContent.trim()) { // un texte pour les lecteurs d'écran (aria-label est interdit sur <label>)
          var nom = document.createElement("span");
          nom.className = "ctg-sr";
          nom.textContent = "Sous-menu " + (sous.getAttribute("aria-label") || "");
          ouvrir.appendChild(nom);
        }
      }
      case_.addEventListener("change", function () {
        if (case_.checked && menu.contains(document.activeElement)) {
          var premier = premierVisible(sous);
          if (premier) { premier.focus({ preventScroll: true }); } // le sous-menu glisse encore : ne pas faire défiler
        }
      });
    });
  }

  function demarrer() {
    installerMenuTiroir();
    signalerTableauxLarges();
    window.addEventListener("resize", signalerTableauxLarges);
    Array.prototype.forEach.call(document.querySelectorAll("form.ctg-filtres"), installerFiltres);
    Array.prototype.forEach.call(document.querySelectorAll("[data-impression]"), function (barre) {
      barre.hidden = false;
      var sansNotes = barre.querySelector("[data-sans-notes]");
      if (sansNotes) {
        sansNotes.addEventListener("change", function () {
          document.documentElement.classList.toggle("ctg-sans-notes", sansNotes.checked);
        });
      }
    });
    // Les notes repliées s'impriment ouvertes (sauf si l'on a choisi de les laisser de côté).
    var ouvertesPourImprimer = [];
    window.addEventListener("beforeprint", function () {
      ouvertesPourImprimer = Array.prototype.filter.call(document.querySelectorAll("details.ctg-notes:not([open])"), function (d) {
        d.open = true;
        return true;
      });
    });
    window.addEventListener("afterprint", function () {
      ouvertesPourImprimer.forEach(function (d) { d.open = false; });
      ouvertesPourImprimer = [];
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-imprimer]"), function (bouton) {
      bouton.hidden = false;
      bouton.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", demarrer);
  } else {
    demarrer();
  }
})();
