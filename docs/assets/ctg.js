/* Amélioration progressive : filtres des listes et bouton d'impression.
   Sans JavaScript, les listes complètes restent affichées. Aucun appel réseau. */
(function () {
  "use strict";

  function pluriel(n, mot) { return n + " " + mot + (n > 1 ? "s" : ""); }

  function installerFiltres(formulaire) {
    var cible = document.getElementById(formulaire.getAttribute("data-cible"));
    if (!cible) { return; }
    var selects = Array.prototype.slice.call(formulaire.querySelectorAll("select[data-filtre]"));
    var compte = formulaire.querySelector(".ctg-compte");
    var elements = Array.prototype.slice.call(cible.querySelectorAll("tbody tr, .ctg-equipement"));
    var groupes = Array.prototype.slice.call(cible.querySelectorAll(".ctg-groupe"));
    var feminin = cible.tagName === "TABLE";
    var nature = feminin ? "fiche" : "service";

    function correspond(element) {
      return selects.every(function (select) {
        var valeur = select.value;
        if (!valeur) { return true; }
        var attendu = (element.getAttribute("data-" + select.getAttribute("data-filtre")) || "").split(" ");
        return attendu.indexOf(valeur) !== -1;
      });
    }

    function appliquer() {
      var visibles = 0;
      elements.forEach(function (element) {
        var montre = correspond(element);
        element.hidden = !montre;
        if (montre) { visibles += 1; }
      });
      groupes.forEach(function (groupe) {
        groupe.hidden = groupe.querySelectorAll(".ctg-equipement:not([hidden])").length === 0;
      });
      if (compte) {
        compte.textContent = visibles === 0
          ? "Aucun résultat : changez les filtres."
          : pluriel(visibles, nature) + " affiché" + (feminin ? "e" : "") + (visibles > 1 ? "s" : "") + " sur " + elements.length + ".";
      }
    }

    selects.forEach(function (select) { select.addEventListener("change", appliquer); });
    formulaire.addEventListener("submit", function (evenement) { evenement.preventDefault(); });
    formulaire.hidden = false;
    var parametres = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var valeur = parametres.get(select.getAttribute("data-filtre"));
      if (valeur) { select.value = valeur; }
    });
    appliquer();
  }

  function demarrer() {
    Array.prototype.forEach.call(document.querySelectorAll("form.ctg-filtres"), installerFiltres);
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
