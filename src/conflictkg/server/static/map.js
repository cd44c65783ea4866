// The event maps (home page and event pages), drawn with the vendored Leaflet on the vendored
// basemap: nothing is fetched from elsewhere. Each element .map-canvas[data-source] gets a map of
// the GeoJSON its data-source (/api/map?...) returns; see conflictkg.server.mapdata for what each
// precision means. Popups are built with DOM calls (textContent), never from HTML strings.
"use strict";

(function () {
  const BASEMAP = "/static/vendor/basemap/basemap.geojson";
  let basemapPromise = null;

  function basemap() {
    if (!basemapPromise) {
      basemapPromise = fetch(BASEMAP).then(function (r) {
        if (!r.ok) { throw new Error("basemap: HTTP " + r.status); }
        return r.json();
      });
    }
    return basemapPromise;
  }

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function describe(p) {
    // "2024-11-20 · at Palmyra: reference point of the settlement"
    let when = p.date || "undated";
    if (p.date && p.datePrecision && p.datePrecision !== "day") { when += " (" + p.datePrecision + ")"; }
    let where = (p.relation === "nearLocation" ? "near " : "at ") + p.placeLabel;
    if (p.precision === "area" && p.drawnAs !== p.placeLabel) { where += ", drawn as " + p.drawnAs; }
    return when + " · " + where + ": " + p.basis;
  }

  function popup(features) {
    const box = el("div", "map-popup");
    const list = el("ul");
    features.forEach(function (f) {
      const p = f.properties;
      const li = el("li");
      const a = el("a", "event-link", p.label);
      a.href = p.path;
      li.appendChild(a);
      li.appendChild(el("div", "sub", describe(p)));
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  }

  function groupBy(features, keyOf) {
    const groups = new Map();
    features.forEach(function (f) {
      const k = keyOf(f);
      if (!groups.has(k)) { groups.set(k, []); }
      groups.get(k).push(f);
    });
    return groups;
  }

  function draw(canvas, base, data) {
    const map = L.map(canvas, { zoomSnap: 0.25, worldCopyJump: true, attributionControl: true });
    map.setView([35, 38.5], 5);  // a view first: Leaflet draws paths only on a map that has one
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Basemap: Natural Earth · Leaflet");
    const byId = new Map();
    base.features.forEach(function (f) { byId.set(f.id, f); });
    L.geoJSON(base, {
      interactive: false,
      style: function (f) {
        return f.properties.kind === "governorate"
          ? { color: "#9a9a9a", weight: 0.6, dashArray: "2 2", fill: false }
          : { color: "#8c8c8c", weight: 0.7, fillColor: "#f3f0e8", fillOpacity: 1 };
      },
    }).addTo(map);

    const drawn = [];
    const events = new Set();
    const areas = groupBy(data.features.filter(function (f) { return f.properties.precision === "area"; }),
                          function (f) { return f.properties.area; });
    areas.forEach(function (features, id) {
      const shape = byId.get(id);
      if (!shape) { return; }
      const layer = L.geoJSON(shape, {
        style: { color: "#b3261e", weight: 2, dashArray: "6 4", fillColor: "#b3261e", fillOpacity: 0.12,
                 className: "event-area" },
      });
      layer.bindPopup(popup(features));
      layer.bindTooltip(features.length === 1 ? features[0].properties.label
        : features.length + " events in " + features[0].properties.drawnAs, { sticky: true });
      layer.addTo(map);
      layer.eachLayer(function (l) {
        const path = l.getElement && l.getElement();
        if (path) {
          path.setAttribute("data-area", id);
          path.setAttribute("data-events", features.map(function (f) { return f.properties.event; }).join(" "));
        }
      });
      features.forEach(function (f) { events.add(f.properties.event); });
      drawn.push(layer);
    });

    const points = groupBy(data.features.filter(function (f) { return f.geometry; }), function (f) {
      return f.properties.precision + " " + f.geometry.coordinates.join(",");
    });
    points.forEach(function (features) {
      const f0 = features[0];
      const c = f0.geometry.coordinates;
      const exact = f0.properties.precision === "exact";
      const marker = L.circleMarker([c[1], c[0]], exact
        ? { radius: 6, color: "#7a1710", weight: 1.5, fillColor: "#b3261e", fillOpacity: 0.95,
            className: "event-marker exact" }
        : { radius: 11, color: "#b3261e", weight: 2, dashArray: "3 3", fillColor: "#b3261e", fillOpacity: 0.08,
            className: "event-marker approximate" });
      marker.bindPopup(popup(features));
      marker.bindTooltip(features.length === 1 ? f0.properties.label : features.length + " events at " + f0.properties.drawnAs);
      marker.addTo(map);
      const path = marker.getElement();
      path.setAttribute("data-events", features.map(function (f) { return f.properties.event; }).join(" "));
      path.setAttribute("data-precision", f0.properties.precision);
      features.forEach(function (f) { events.add(f.properties.event); });
      drawn.push(marker);
    });

    if (drawn.length) {
      const group = L.featureGroup(drawn);
      map.fitBounds(group.getBounds().pad(0.3), { maxZoom: 8 });
    }
    canvas.setAttribute("data-events-drawn", String(events.size));
    const note = document.getElementById(canvas.id + "-note");
    if (note) {
      note.textContent = "";
      if (data.unplaced.length) {
        note.appendChild(document.createTextNode("Not on the map (no place with a known location): "));
        data.unplaced.forEach(function (u, i) {
          const a = el("a", null, u.label);
          a.href = u.path;
          note.appendChild(a);
          if (i < data.unplaced.length - 1) { note.appendChild(document.createTextNode(", ")); }
        });
        note.appendChild(document.createTextNode("."));
      }
      if (data.truncated) { note.appendChild(document.createTextNode(" Only the first events are drawn; narrow the filters.")); }
    }
  }

  function start() {
    document.querySelectorAll(".map-canvas[data-source]").forEach(function (canvas) {
      Promise.all([basemap(), fetch(canvas.getAttribute("data-source")).then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) { throw new Error(body.error || ("HTTP " + r.status)); }
          return body;
        });
      })]).then(function (got) {
        draw(canvas, got[0], got[1]);
        canvas.setAttribute("data-ready", "true");
      }).catch(function (err) {
        canvas.textContent = "The map could not be drawn: " + err.message;
        canvas.classList.add("error");
        canvas.setAttribute("data-ready", "error");
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
