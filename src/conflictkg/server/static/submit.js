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
      if (result.event_path) {
        const see = document.createElement("a");
        see.id = "see-event";
        see.href = result.event_path + "#claims";
        see.textContent = "See the claim on the event's page";
        const p2 = document.createElement("p");
        p2.appendChild(see);
        box.appendChild(p2);
      }
      outcome.appendChild(box);
    } else if (result.outcome && result.outcome.duplicate) {
      // The graph may already hold this: say so in words, and let the submitter go on if it does not.
      const box = document.createElement("div");
      box.className = "warning";
      box.id = "duplicate";
      const p = document.createElement("p");
      p.textContent = "This may repeat what the graph already holds (see the messages above). " +
        "If you have checked that it does not, submit it anyway.";
      const b = document.createElement("button");
      b.type = "submit";
      b.name = "action";
      b.value = "force";
      b.id = "submit-anyway";
      b.setAttribute("form", "submit-form");
      b.textContent = "Submit anyway";
      box.append(p, b);
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

  function showMode() {
    // A claim about an event the graph holds needs no event description; a new event does.
    const claim = $("mode-claim").checked;
    for (const el of document.querySelectorAll(".for-event")) el.hidden = claim;
    for (const el of document.querySelectorAll(".for-claim")) el.hidden = !claim;
    document.querySelector("h1").textContent = claim ? "Add a claim" : "Submit an event";
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("mode-claim").addEventListener("change", showMode);
    $("mode-event").addEventListener("change", showMode);
    showMode();
    $("add-claim").addEventListener("click", () => addRow("claim-template", "claims"));
    $("add-part").addEventListener("click", () => addRow("part-template", "parts"));
    const form = $("submit-form");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new URLSearchParams(new FormData(form));
      const action = event.submitter ? event.submitter.value : "check";
      data.set("action", action === "submit" || action === "force" ? action : "check");
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
