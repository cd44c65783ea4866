// The submission form: send it, and put every message of the validation report next to the field
// it concerns. Messages are written with textContent, never as HTML.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);

  function nextIndex(container) {
    let max = -1;
    for (const fs of container.querySelectorAll("fieldset[data-row]")) max = Math.max(max, Number(fs.dataset.row));
    return max + 1;
  }

  function addRow(templateId, containerId) {
    const container = $(containerId);
    const i = nextIndex(container);
    if (i >= 20) return;
    const html = $(templateId).content.cloneNode(true);
    for (const el of html.querySelectorAll("[id],[name],[for],[data-for],[aria-describedby]")) {
      for (const attr of ["id", "name", "for", "data-for", "aria-describedby"]) {
        const value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replaceAll("IDX", String(i)));
      }
    }
    html.querySelector("fieldset").dataset.row = String(i);
    container.appendChild(html);
  }

  function clearMessages() {
    for (const ul of document.querySelectorAll("ul.field-errors")) ul.replaceChildren();
    for (const el of document.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    $("general").replaceChildren();
    $("outcome").replaceChildren();
  }

  function listOf(messages, className) {
    const ul = document.createElement("ul");
    if (className) ul.className = className;
    for (const m of messages) {
      const li = document.createElement("li");
      li.textContent = m;
      ul.appendChild(li);
    }
    return ul;
  }

  function show(result) {
    clearMessages();
    const unplaced = [];
    for (const [field, messages] of Object.entries(result.fields || {})) {
      const ul = document.querySelector('ul.field-errors[data-for="' + CSS.escape(field) + '"]');
      const input = $(field);
      if (ul) {
        for (const m of messages) {
          const li = document.createElement("li");
          li.textContent = m;
          ul.appendChild(li);
        }
        if (input) input.setAttribute("aria-invalid", "true");
      } else {
        unplaced.push(...messages);
      }
    }
    const general = (result.general || []).concat(unplaced);
    if (general.length) $("general").appendChild(listOf(general, "general-errors"));
    const outcome = $("outcome");
    const written = result.outcome && result.outcome.written;
    if (written) {
      const box = document.createElement("div");
      box.className = "accepted";
      const p = document.createElement("p");
      p.textContent = "Accepted as " + result.outcome.submission + ". Added:";
      box.appendChild(p);
      const ul = document.createElement("ul");
      result.outcome.added.forEach((iri, k) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = result.outcome.pages[k] || iri;
        a.textContent = iri;
        li.appendChild(a);
        ul.appendChild(li);
      });
      box.appendChild(ul);
      outcome.appendChild(box);
    } else {
      const p = document.createElement("p");
      if (result.conforms && result.status === 200) {
        p.className = "ok";
        p.textContent = "The submission conforms.";
      } else {
        p.className = "bad";
        p.textContent = result.status === 401 || result.status === 403 ? "Not submitted." :
          "The submission does not conform: see the messages by the fields.";
      }
      outcome.appendChild(p);
    }
    if (result.turtle) $("turtle").textContent = result.turtle;
    const firstBad = document.querySelector("[aria-invalid='true']");
    if (firstBad) firstBad.focus();
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("add-claim").addEventListener("click", () => addRow("claim-template", "claims"));
    $("add-part").addEventListener("click", () => addRow("part-template", "parts"));
    const form = $("submit-form");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new URLSearchParams(new FormData(form));
      data.set("action", event.submitter && event.submitter.value === "submit" ? "submit" : "check");
      for (const b of form.querySelectorAll("button[type=submit]")) b.disabled = true;
      $("outcome").replaceChildren(document.createTextNode("Checking…"));
      try {
        const response = await fetch("/submit", {
          method: "POST", body: data, headers: { Accept: "application/json" },
        });
        const type = response.headers.get("content-type") || "";
        if (type.includes("application/json")) {
          show(await response.json());
        } else {
          clearMessages();
          $("general").appendChild(listOf(["Error " + response.status + ": " + (await response.text()).trim()], "general-errors"));
        }
      } catch (e) {
        clearMessages();
        $("general").appendChild(listOf(["The server could not be reached: " + e], "general-errors"));
      } finally {
        for (const b of form.querySelectorAll("button[type=submit]")) b.disabled = false;
      }
    });
    document.body.dataset.ready = "true";
  });
})();
