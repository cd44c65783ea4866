// The query page: the stored queries with pickers for their parameters and a results table, and
// YASGUI (vendored, offline) as the SPARQL editor. Everything from the server is written with
// textContent, never as HTML.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const config = JSON.parse($("query-config").textContent);
  const queries = config.queries;
  let lastStoredUrl = null;

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const href = window.ckgLabels.localHref(term.value) || (/^https?:\/\//i.test(term.value) ? term.value : null);
      if (href) {
        const a = document.createElement("a");
        a.href = href;
        a.dataset.iri = term.value;
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

  function clearResults() {
    $("results").tHead.replaceChildren();
    $("results").tBodies[0].replaceChildren();
    $("graph-results").hidden = true;
    $("graph-results").textContent = "";
    $("stored-downloads").hidden = true;
  }

  function showTable(doc, truncated) {
    const table = $("results");
    const thead = table.tHead, tbody = table.tBodies[0];
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
    $("stored-downloads").hidden = false;
    window.ckgLabels.label(table);
  }

  async function run(url) {
    clearResults();  // an error must never leave the last answer's table under its message
    setStatus("Running…", false);
    let response;
    try {
      response = await fetch(url, { headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" } });
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
      const pre = $("graph-results");
      pre.hidden = false;
      pre.textContent = text;
      setStatus("Graph result (" + type.split(";")[0] + ")", false);
      $("stored-downloads").hidden = true;
    }
  }

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
      if (p.type === "date") input.type = "date";
      if (p.prefix && document.getElementById("choices-" + p.prefix)) {
        input.setAttribute("list", "choices-" + p.prefix);  // a picker of the graph's nodes, by name
        input.autocomplete = "off";
      }
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

  function storedUrl(format) {
    const q = current();
    const params = new URLSearchParams();
    for (const input of $("stored-params").querySelectorAll("input[data-param]")) {
      if (input.value.trim() !== "") params.set(input.dataset.param, input.value.trim());
    }
    if (format) params.set("format", format);
    const qs = params.toString();
    return q.url + (qs ? "?" + qs : "");
  }

  // ---- YASGUI -------------------------------------------------------------------------------

  const DEFAULT_QUERY = "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>\n" +
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\n" +
    "SELECT ?event ?label ?start WHERE {\n  ?event a ckg:Strike ; rdfs:label ?label .\n" +
    "  OPTIONAL { ?event ckg:startDate ?start }\n}\nORDER BY ?start\n";

  function registerCompleters(Yasqe) {
    const prefixes = Object.keys(config.prefixes).sort().map((p) => p + ": <" + config.prefixes[p] + ">");
    // Offline: our prefixes, and the ontology's classes and properties, instead of prefix.cc and LOV.
    Yasqe.forkAutocompleter("prefixes", { name: "ckg-prefixes", bulk: true, get: () => prefixes });
    Yasqe.forkAutocompleter("class", { name: "ckg-classes", bulk: true, get: () => config.terms["class"] });
    Yasqe.forkAutocompleter("property", { name: "ckg-properties", bulk: true, get: () => config.terms.property });
    Yasqe.defaults.autocompleters = ["variables", "ckg-prefixes", "ckg-classes", "ckg-properties"];
  }

  function chartPlugin(Yasr) {
    // A bar chart of the first numeric column, by the first other column (labels where known).
    class Chart {
      constructor(yasr) { this.yasr = yasr; this.priority = 5; this.label = "Chart"; }
      columns() {
        const r = this.yasr.results;
        if (!r || !r.getVariables || (r.getError && r.getError())) return null;
        const vars = r.getVariables(), rows = r.getBindings ? r.getBindings() : [];
        if (!rows.length || vars.length < 2) return null;
        const numeric = vars.find((v) => rows.every((b) => !b[v] || !isNaN(parseFloat(b[v].value))) && rows.some((b) => b[v]));
        const key = vars.find((v) => v !== numeric);
        return numeric && key ? { numeric, key, rows } : null;
      }
      canHandleResults() { return !!this.columns(); }
      getIcon() { const i = document.createElement("span"); i.textContent = "▮"; return i; }
      draw() {
        const c = this.columns();
        const box = document.createElement("div");
        box.className = "ckg-chart";
        const max = Math.max(...c.rows.map((b) => (b[c.numeric] ? parseFloat(b[c.numeric].value) : 0)), 1);
        for (const b of c.rows.slice(0, 200)) {
          const row = document.createElement("div");
          row.className = "bar-row";
          const name = document.createElement("span");
          name.className = "bar-name";
          const k = b[c.key];
          if (k && k.type === "uri") {
            const a = document.createElement("a");
            a.href = k.value;
            a.textContent = k.value.replace(/^.*[/#]/, "");
            name.appendChild(a);
          } else {
            name.textContent = k ? k.value : "";
          }
          const value = b[c.numeric] ? parseFloat(b[c.numeric].value) : 0;
          const bar = document.createElement("span");
          bar.className = "bar";
          bar.style.width = Math.max(1, (100 * value) / max) + "%";
          const num = document.createElement("span");
          num.className = "bar-value";
          num.textContent = String(value);
          row.append(name, bar, num);
          box.appendChild(row);
        }
        this.yasr.resultsEl.appendChild(box);
        window.ckgLabels.label(box);
      }
    }
    Yasr.registerPlugin("chart", Chart);
  }

  function startYasgui() {
    const el = $("yasgui");
    const endpoint = new URL(el.dataset.endpoint, window.location.href).href;
    registerCompleters(Yasgui.Yasqe);
    chartPlugin(Yasgui.Yasr);
    const yasgui = new Yasgui(el, {
      requestConfig: { endpoint: endpoint, method: "POST", acceptHeaderSelect: "application/sparql-results+json",
                       acceptHeaderGraph: "text/turtle" },
      copyEndpointOnNewTab: true,
      endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
      persistenceId: "conflictkg-yasgui",
      populateFromUrl: true,
      autofocus: false,
      yasqe: { value: DEFAULT_QUERY },
      yasr: { prefixes: config.prefixes, defaultPlugin: "table" },
    });
    // Whatever a tab remembers, it asks this server.
    const tab = yasgui.getTab();
    if (tab && tab.getEndpoint && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
    // Names beside the IRIs of every results table YASR draws (and redraws, page after page).
    new MutationObserver(() => {
      document.querySelectorAll("#yasgui .yasr_results").forEach((r) => window.ckgLabels.label(r));
    }).observe(el, { childList: true, subtree: true });
    // The endpoint takes the project prefixes undeclared, the editor does not: declare the ones a
    // query uses as it is run (as YASQE's own completion does), so its check agrees with the server.
    yasgui.on("queryBefore", (instance, tab) => {
      const yasqe = tab.getYasqe && tab.getYasqe();
      if (!yasqe) return;
      const text = yasqe.getValue();
      const declared = new Set(Object.keys(yasqe.getPrefixesFromQuery ? yasqe.getPrefixesFromQuery() : {}));
      const missing = {};
      for (const m of text.matchAll(/(?:^|[\s(\[{;,.^/|!])([A-Za-z][\w-]*):[\w-]/g)) {
        const prefix = m[1];
        if (!declared.has(prefix) && config.prefixes[prefix] && !/^(https?|urn|mailto)$/.test(prefix)) {
          missing[prefix] = config.prefixes[prefix];
        }
      }
      if (Object.keys(missing).length && yasqe.addPrefixes) yasqe.addPrefixes(missing);
    });
    yasgui.on("queryResponse", () => { el.dataset.answered = String(Number(el.dataset.answered || 0) + 1); });
    window.ckgYasgui = yasgui;
    return yasgui;
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("stored").addEventListener("change", () => renderParams(current()));
    $("stored-form").addEventListener("submit", (event) => {
      event.preventDefault();
      if (!current()) { setStatus("Choose a stored query first.", true); return; }
      lastStoredUrl = storedUrl();
      run(lastStoredUrl);
    });
    for (const fmt of ["csv", "json", "tsv"]) {
      $("dl-" + fmt).addEventListener("click", (event) => {
        event.preventDefault();
        if (current()) window.location.href = storedUrl(fmt);
      });
    }
    let yasgui = null;
    try {
      yasgui = startYasgui();
    } catch (e) {
      $("yasgui").textContent = "The editor could not start: " + e;
    }
    $("edit-stored").addEventListener("click", () => {
      const q = current();
      if (!q || !yasgui) return;
      const tab = yasgui.addTab(true, { name: q.name });
      tab.setQuery(q.sparql);
      $("editor-panel").scrollIntoView();
    });
    const wanted = new URLSearchParams(window.location.search).get("stored");
    if (wanted && queries.some((q) => q.name === wanted)) $("stored").value = wanted;
    renderParams(current());
    document.body.dataset.ready = "true";
  });
})();
