/* Spontaan: maps (Leaflet, pluggable tiles) and small progressive enhancements.
 * Everything works without this script; maps always have a list or fields beside them. */
(function () {
  "use strict";

  function mapConfig() {
    var meta = document.querySelector('meta[name="spontaan-map"]');
    return {
      tiles: meta ? meta.dataset.tiles : "",
      attribution: meta ? meta.dataset.attribution : "",
      geocoder: meta ? meta.dataset.geocoder : "",
    };
  }

  /* Leaflet's own texts (controls, popups, attribution) in the page's language. */
  var MAP_TEXTS = {
    nl: {
      zoomIn: "Inzoomen",
      zoomOut: "Uitzoomen",
      closePopup: "Sluit de pop-up",
      leaflet: "Een JavaScript-bibliotheek voor interactieve kaarten",
      pin: "Plek van het initiatief",
    },
    en: {
      zoomIn: "Zoom in",
      zoomOut: "Zoom out",
      closePopup: "Close popup",
      leaflet: "A JavaScript library for interactive maps",
      pin: "Location of the initiative",
    },
  };

  function mapTexts() {
    var lang = (document.documentElement.lang || "nl").slice(0, 2);
    return MAP_TEXTS[lang] || MAP_TEXTS.nl;
  }

  function baseMap(el, lat, lon, zoom, options) {
    var cfg = mapConfig();
    var t = mapTexts();
    var map = L.map(el, L.extend({ scrollWheelZoom: false, keyboard: true, zoomControl: false }, options))
      .setView([lat, lon], zoom);
    L.control.zoom({ zoomInTitle: t.zoomIn, zoomOutTitle: t.zoomOut }).addTo(map);
    var leaflet = document.createElement("a");
    leaflet.href = "https://leafletjs.com";
    leaflet.title = t.leaflet;
    leaflet.textContent = "Leaflet";
    map.attributionControl.setPrefix(leaflet.outerHTML);
    if (cfg.tiles) {
      L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution }).addTo(map);
    }
    /* A popup opened from a marker takes the focus to its link; closing it (Escape, its
     * close button) brings the focus back to the marker. */
    map.on("popupopen", function (e) {
      var box = e.popup.getElement();
      var close = box && box.querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", t.closePopup); close.title = t.closePopup; }
      var link = box && box.querySelector(".leaflet-popup-content a");
      if (link) { link.focus(); }
      if (box && !box.dataset.escapeCloses) {
        box.dataset.escapeCloses = "1";
        box.addEventListener("keydown", function (event) {
          if (event.key === "Escape") { event.preventDefault(); map.closePopup(); }
        });
      }
    });
    map.on("popupclose", function (e) {
      var box = e.popup.getElement();
      var source = e.popup._source;
      var icon = source && source.getElement && source.getElement();
      var active = document.activeElement;
      if (icon && (!active || active === document.body || (box && box.contains(active)))) {
        icon.focus();
      }
    });
    return map;
  }

  function geojsonLayer(el, data) {
    var clusterLabel = el.dataset.clusterLabel || "";
    return L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var p = feature.properties || {};
        if (!p.cluster) {
          return L.marker(latlng, { title: p.title || "", alt: p.title || "" });
        }
        var size = p.count < 100 ? 26 : p.count < 1000 ? 32 : 40;
        var label = p.count + " " + clusterLabel;
        return L.marker(latlng, {
          title: label,
          icon: L.divIcon({
            className: "map-cluster",
            html: '<span aria-hidden="true">' + p.count + '</span><span class="sr-only">' +
              label.replace(/[<&]/g, "") + "</span>",
            iconSize: [size, size],
          }),
        });
      },
      onEachFeature: function (feature, marker) {
        var p = feature.properties || {};
        if (p.cluster) {
          marker.bindPopup(p.count + " " + clusterLabel);
          return;
        }
        var link = document.createElement("a");
        link.href = p.url;
        link.textContent = p.title;
        marker.bindPopup(link);
      },
    });
  }

  /* Fetch the GeoJSON at `url` and show it instead of the markers before (an older answer
   * that arrives late is dropped). `el.dataset.markers` says how many markers are shown. */
  function drawGeojson(el, url) {
    var state = el.spontaanMap;
    var ticket = ++state.ticket;
    el.dataset.geojsonUrl = url;
    el.setAttribute("aria-busy", "true");
    fetch(url, { headers: { Accept: "application/geo+json, application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (ticket !== state.ticket) { return; }
        if (state.layer) { state.map.removeLayer(state.layer); state.layer = null; }
        var features = (data && data.features) || [];
        el.dataset.markers = String(features.length);
        el.dataset.clustered = data && data.clustered ? "1" : "0";
        if (features.length) {
          state.layer = geojsonLayer(el, data).addTo(state.map);
          state.map.fitBounds(state.layer.getBounds(), { maxZoom: 15, padding: [30, 30] });
        }
      })
      .catch(function () { /* the list beside the map shows the same initiatives */ })
      .then(function () { if (ticket === state.ticket) { el.removeAttribute("aria-busy"); } });
  }

  function geojsonMap(el) {
    // Half zoom steps: the markers fill the map better when it fits them.
    el.spontaanMap = { map: baseMap(el, 52.27, 6.8, 10, { zoomSnap: 0.5 }), layer: null, ticket: 0 };
    drawGeojson(el, el.dataset.geojsonUrl);
  }

  /* The map page's filter form swaps in the list for the new filters (htmx), with the
   * GeoJSON URL of those filters in `data-map-source`: redraw the map's markers from it. */
  /* Back or forward after such a filter: htmx restores a copy of the page without the live
   * map, so load the restored address again. */
  document.addEventListener("htmx:historyRestore", function () {
    if (document.querySelector('[data-map="geojson"]')) { window.location.reload(); }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.target;
    var source = target && target.querySelector && target.querySelector("[data-map-source]");
    if (!source) { return; }
    document.querySelectorAll('[data-map="geojson"]').forEach(function (el) {
      if (el.spontaanMap) { drawGeojson(el, source.dataset.mapSource); }
    });
  });

  function pointMap(el) {
    var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
    var map = baseMap(el, lat, lon, 15);
    var label = el.dataset.label || mapTexts().pin;
    // The marker only shows the place: no tab stop of its own (the map itself is one).
    L.marker([lat, lon], { title: label, alt: label, keyboard: false, interactive: false })
      .addTo(map);
  }

  /* The address search of the map's geocoder (PDOK Locatieserver): the first address, or
   * null. Rejects when the service cannot be reached. */
  function searchGeocoder(text) {
    var cfg = mapConfig();
    if (!cfg.geocoder) { return Promise.reject(new Error("no geocoder")); }
    var url = cfg.geocoder + "?rows=1&fq=type:adres&q=" + encodeURIComponent(text);
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error("geocoder " + r.status); }
      return r.json();
    }).then(function (data) {
      var doc = data && data.response && data.response.docs && data.response.docs[0];
      var m = doc && /POINT\(([-\d.]+) ([-\d.]+)\)/.exec(doc.centroide_ll || "");
      if (!m) { return null; }
      return { latlng: L.latLng(parseFloat(m[2]), parseFloat(m[1])), label: doc.weergavenaam };
    });
  }

  /* The site's own lookup (a municipality's centre, typed coordinates): no outside service. */
  function searchFallback(url, text) {
    if (!url) { return Promise.resolve(null); }
    return fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error("lookup " + r.status); } return r.json(); })
      .then(function (data) {
        if (!data || !data.found) { return null; }
        return {
          latlng: L.latLng(data.latitude, data.longitude),
          label: data.label,
          approximate: !!data.approximate,
        };
      });
  }

  function pickerMap(el) {
    var t = mapTexts();
    var latInput = document.getElementById(el.dataset.latInput);
    var lonInput = document.getElementById(el.dataset.lonInput);
    var status = document.getElementById(el.dataset.status);
    var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
    var has = !isNaN(lat) && !isNaN(lon);
    var map = baseMap(el, has ? lat : parseFloat(el.dataset.centerLat),
                      has ? lon : parseFloat(el.dataset.centerLon), has ? 16 : 12);
    var pinOptions = { title: t.pin, alt: t.pin, keyboard: false };
    var marker = has ? L.marker([lat, lon], pinOptions).addTo(map) : null;

    function say(text) { if (status) { status.textContent = text || ""; } }

    function place(latlng, announce) {
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng, pinOptions).addTo(map); }
      if (announce) { say(announce); }
    }
    map.on("click", function (e) { place(e.latlng, el.dataset.placedText || ""); });

    /* Without a mouse: the arrow keys move the map (Leaflet), Enter on the map or the button
     * puts the pin in the middle. */
    function placeInMiddle() { place(map.getCenter(), el.dataset.placedText || ""); }
    el.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && e.target === el) { e.preventDefault(); placeInMiddle(); }
    });
    var centreButton = document.getElementById(el.dataset.centreButton);
    if (centreButton) {
      centreButton.hidden = false;
      centreButton.addEventListener("click", placeInMiddle);
    }

    function fromInputs() {
      var a = parseFloat(latInput.value), b = parseFloat(lonInput.value);
      if (!isNaN(a) && !isNaN(b)) { place(L.latLng(a, b), ""); map.setView([a, b], 16); }
    }
    latInput.addEventListener("change", fromInputs);
    lonInput.addEventListener("change", fromInputs);

    var search = document.getElementById(el.dataset.search);
    var searchButton = document.getElementById(el.dataset.searchButton);
    if (!search || !searchButton) { return; }
    var fallbackUrl = el.dataset.fallbackUrl || "";

    function runSearch() {
      var text = search.value.trim();
      if (!text) { say(el.dataset.notFoundText); return; }
      searchGeocoder(text)
        .then(function (found) { return found || searchFallback(fallbackUrl, text); },
              function () { return searchFallback(fallbackUrl, text); })
        .then(function (found) {
          if (!found) { say(el.dataset.notFoundText); return; }
          var message = (el.dataset.foundText || "") + " " + found.label + ".";
          if (found.approximate) { message += " " + (el.dataset.approximateText || ""); }
          place(found.latlng, message);
          map.setView(found.latlng, found.approximate ? 14 : 17);
        })
        .catch(function () { say(el.dataset.offlineText); });
    }
    searchButton.hidden = false;
    searchButton.addEventListener("click", runSearch);
    // Enter in the address field searches it, instead of sending the whole form.
    search.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.isComposing) { e.preventDefault(); runSearch(); }
    });
  }

  function initMaps(root) {
    if (typeof L === "undefined") { return; }
    root.querySelectorAll("[data-map]").forEach(function (el) {
      if (el.dataset.mapReady) { return; }
      el.dataset.mapReady = "1";
      if (el.dataset.map === "geojson") { geojsonMap(el); }
      else if (el.dataset.map === "point") { pointMap(el); }
      else if (el.dataset.map === "picker") { pickerMap(el); }
    });
  }

  /* A disclosure that is open on a wide screen and closed on a narrow one (the filters of the
   * list and the map: on a phone they would fill the first screen). */
  function closeOnNarrowScreens(root) {
    root.querySelectorAll("details[data-closed-below]").forEach(function (el) {
      if (window.matchMedia("(max-width: " + el.dataset.closedBelow + ")").matches) {
        el.open = false;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    closeOnNarrowScreens(document);
    initMaps(document);
  });
})();
