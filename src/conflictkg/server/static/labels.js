// Names beside IRIs: every link to an IRI of the graph inside a container gets the node's label
// (rdfs:label, else skos:prefLabel) written next to it, and points to the node's page on this
// server. Labels are asked from /sparql in batches and cached; text is set with textContent only.
"use strict";

window.ckgLabels = (function () {
  const BASE = "https://w3id.org/conflict-kg/";
  const cache = new Map();

  function localHref(iri) {
    if (iri.startsWith(BASE + "id/") || iri.startsWith(BASE + "vocab/") || iri.startsWith(BASE + "ontology")) {
      return "/" + iri.slice(BASE.length);
    }
    return null;
  }

  function iriOf(a) {
    if (a.dataset.iri) { return a.dataset.iri; }
    const href = a.getAttribute("href") || "";
    if (href.startsWith(BASE)) { return href; }
    if (/^\/(id|vocab)\//.test(href) || href.startsWith("/ontology")) { return BASE + href.slice(1); }
    return null;
  }

  async function fetchLabels(iris) {
    const missing = iris.filter(function (i) { return !cache.has(i); }).slice(0, 400);
    if (!missing.length) { return; }
    missing.forEach(function (i) { cache.set(i, null); });
    const values = missing.map(function (i) { return "<" + i.replace(/[<>"{}|^`\\\s]/g, "") + ">"; }).join(" ");
    const query = "SELECT ?s ?l WHERE { VALUES ?s { " + values + " } ?s <http://www.w3.org/2000/01/rdf-schema#label>|" +
      "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }";
    const response = await fetch("/sparql", {
      method: "POST", body: new URLSearchParams({ query: query }),
      headers: { Accept: "application/sparql-results+json" },
    });
    if (!response.ok) { return; }
    const doc = await response.json();
    doc.results.bindings.forEach(function (b) {
      const lang = b.l["xml:lang"];
      const current = cache.get(b.s.value);
      if (!current || !lang || lang === "en") { cache.set(b.s.value, b.l.value); }
    });
  }

  async function label(container) {
    const anchors = Array.from(container.querySelectorAll("a")).filter(function (a) {
      return !a.dataset.labelled && iriOf(a);
    });
    if (!anchors.length) { return; }
    anchors.forEach(function (a) { a.dataset.labelled = "pending"; });
    try {
      await fetchLabels(Array.from(new Set(anchors.map(iriOf))));
    } catch (e) {
      return;  // names are a help: without them the IRIs stay as they are
    }
    anchors.forEach(function (a) {
      const iri = iriOf(a);
      const local = localHref(iri);
      if (local) {
        a.href = local;
        a.removeAttribute("target");
      }
      const name = cache.get(iri);
      a.dataset.labelled = "true";
      if (name && !(a.nextSibling && a.nextSibling.classList && a.nextSibling.classList.contains("iri-label"))) {
        const span = document.createElement("span");
        span.className = "iri-label";
        span.textContent = name;
        a.after(span);
      }
    });
  }

  return { label: label, localHref: localHref };
})();
