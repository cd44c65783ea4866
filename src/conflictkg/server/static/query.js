// The query page: stored queries with their parameters, a SPARQL editor, and a results table.
// Everything from the server is written with textContent, never as HTML.
"use strict";
(function () {
  const BASE = "https://w3id.org/conflict-kg/";
  const $ = (id) => document.getElementById(id);
  let queries = [];

  function localHref(iri) {
    if (iri.startsWith(BASE + "id/") || iri.startsWith(BASE + "vocab/") || iri.startsWith(BASE + "ontology")) {
      return "/" + iri.slice(BASE.length);
    }
    if (/^https?:\/\//i.test(iri)) return iri;
    return null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const href = localHref(term.value);
      if (href) {
        const a = document.createElement("a");
        a.href = href;
        a.textContent = term.value;
        if (!href.startsWith("/")) a.rel = "nofollow noopener noreferrer";
        td.appendChild(a);
      } else {
        td.textContent = term.value;
      }
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.lang = term["xml:lang"];
    }
    return td;
  }

  function setStatus(text, error) {
    const s = $("status");
    s.textContent = text;
    s.className = error ? "status error" : "status";
  }

  function showTable(doc, truncated) {
    const table = $("results");
    const thead = table.tHead, tbody = table.tBodies[0];
    thead.replaceChildren();
    tbody.replaceChildren();
    $("graph-results").hidden = true;
    table.hidden = false;
    if (typeof doc.boolean === "boolean") {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.textContent = "answer";
      tr.appendChild(th);
      thead.appendChild(tr);
      const row = document.createElement("tr");
      row.appendChild(cell({ type: "literal", value: String(doc.boolean) }));
      tbody.appendChild(row);
      setStatus("ASK: " + doc.boolean, false);
      return;
    }
    const vars = doc.head.vars || [];
    const head = document.createElement("tr");
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    thead.appendChild(head);
    const frag = document.createDocumentFragment();
    for (const b of doc.results.bindings) {
      const tr = document.createElement("tr");
      for (const v of vars) tr.appendChild(cell(b[v]));
      frag.appendChild(tr);
    }
    tbody.appendChild(frag);
    const n = doc.results.bindings.length;
    setStatus(n + (n === 1 ? " row" : " rows") + (truncated ? " (cut at the server's limit of " + truncated + ")" : ""), false);
  }

  async function run(url, options) {
    setStatus("Running…", false);
    let response;
    try {
      response = await fetch(url, options);
    } catch (e) {
      setStatus("The server could not be reached: " + e, true);
      return;
    }
    const type = response.headers.get("content-type") || "";
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try { message = JSON.parse(text).error || text; } catch (e) { /* plain text */ }
      setStatus("Error " + response.status + ": " + message.trim(), true);
      return;
    }
    if (type.includes("sparql-results+json")) {
      showTable(JSON.parse(text), response.headers.get("conflictkg-truncated"));
    } else {
      $("results").hidden = true;
      const pre = $("graph-results");
      pre.hidden = false;
      pre.textContent = text;
      setStatus("Graph result (" + type.split(";")[0] + ")", false);
    }
  }

  const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";

  function renderParams(q) {
    const box = $("stored-params");
    box.replaceChildren();
    $("stored-description").textContent = q ? (q.description || q.summary) : "";
    if (!q) return;
    for (const p of q.params) {
      const row = document.createElement("div");
      row.className = "param";
      const label = document.createElement("label");
      label.htmlFor = "param-" + p.name;
      label.textContent = p.name + (p.required ? "" : " (optional)");
      const input = document.createElement("input");
      input.id = "param-" + p.name;
      input.name = p.name;
      input.dataset.param = p.name;
      input.placeholder = p.example || p.type;
      if (p.default) input.value = p.default;
      else if (p.example && p.required) input.value = p.example;
      const help = document.createElement("small");
      help.textContent = p.type + (p.description ? " — " + p.description : "");
      row.append(label, input, help);
      box.appendChild(row);
    }
  }

  function current() {
    return queries.find((q) => q.name === $("stored").value);
  }

  function storedUrl() {
    const q = current();
    const params = new URLSearchParams();
    for (const input of $("stored-params").querySelectorAll("input[data-param]")) {
      if (input.value.trim() !== "") params.set(input.dataset.param, input.value.trim());
    }
    const qs = params.toString();
    return q.url + (qs ? "?" + qs : "");
  }

  function sparqlUrl(format) {
    const params = new URLSearchParams({ query: $("sparql-text").value, format: format });
    return "/sparql?" + params.toString();
  }

  document.addEventListener("DOMContentLoaded", async () => {
    $("stored").addEventListener("change", () => renderParams(current()));
    $("stored-form").addEventListener("submit", (event) => {
      event.preventDefault();
      if (!current()) { setStatus("Choose a stored query first.", true); return; }
      run(storedUrl(), { headers: { Accept: ACCEPT } });
    });
    $("edit-stored").addEventListener("click", () => {
      const q = current();
      if (q && q.sparql) $("sparql-text").value = q.sparql;
    });
    $("sparql-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const body = new URLSearchParams({ query: $("sparql-text").value });
      run("/sparql", { method: "POST", body: body, headers: { Accept: ACCEPT } });
    });
    for (const fmt of ["csv", "json", "xml", "tsv"]) {
      $("dl-" + fmt).addEventListener("click", (event) => {
        event.preventDefault();
        window.location.href = sparqlUrl(fmt);
      });
    }
    try {
      const response = await fetch("/api/queries", { headers: { Accept: "application/json" } });
      queries = await response.json();
    } catch (e) {
      setStatus("Cannot load the stored queries: " + e, true);
    }
    const wanted = new URLSearchParams(window.location.search).get("stored");
    if (wanted && queries.some((q) => q.name === wanted)) $("stored").value = wanted;
    renderParams(current());
    document.body.dataset.ready = "true";
  });
})();
