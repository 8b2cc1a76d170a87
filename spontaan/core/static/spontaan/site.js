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

  function baseMap(el, lat, lon, zoom, options) {
    var cfg = mapConfig();
    var map = L.map(el, L.extend({ scrollWheelZoom: false }, options)).setView([lat, lon], zoom);
    if (cfg.tiles) {
      L.tileLayer(cfg.tiles, { maxZoom: 19, attribution: cfg.attribution }).addTo(map);
    }
    return map;
  }

  function geojsonLayer(el, data) {
    var clusterLabel = el.dataset.clusterLabel || "";
    return L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var p = feature.properties || {};
        if (!p.cluster) { return L.marker(latlng, { title: p.title || "" }); }
        var size = p.count < 100 ? 26 : p.count < 1000 ? 32 : 40;
        return L.marker(latlng, {
          title: p.count + " " + clusterLabel,
          icon: L.divIcon({
            className: "map-cluster",
            html: "<span>" + p.count + "</span>",
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
    L.marker([lat, lon], { title: el.dataset.label || "" }).addTo(map);
  }

  function pickerMap(el) {
    var latInput = document.getElementById(el.dataset.latInput);
    var lonInput = document.getElementById(el.dataset.lonInput);
    var status = document.getElementById(el.dataset.status);
    var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
    var has = !isNaN(lat) && !isNaN(lon);
    var map = baseMap(el, has ? lat : parseFloat(el.dataset.centerLat),
                      has ? lon : parseFloat(el.dataset.centerLon), has ? 16 : 12);
    var marker = has ? L.marker([lat, lon]).addTo(map) : null;

    function place(latlng, announce) {
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
      if (status && announce) { status.textContent = announce; }
    }
    map.on("click", function (e) { place(e.latlng, el.dataset.placedText || ""); });
    function fromInputs() {
      var a = parseFloat(latInput.value), b = parseFloat(lonInput.value);
      if (!isNaN(a) && !isNaN(b)) { place(L.latLng(a, b), ""); map.setView([a, b], 16); }
    }
    latInput.addEventListener("change", fromInputs);
    lonInput.addEventListener("change", fromInputs);

    var search = document.getElementById(el.dataset.search);
    var searchButton = document.getElementById(el.dataset.searchButton);
    if (search && searchButton) {
      searchButton.hidden = false;
      searchButton.addEventListener("click", function () {
        var cfg = mapConfig();
        if (!cfg.geocoder || !search.value.trim()) { return; }
        var url = cfg.geocoder + "?rows=1&fq=type:adres&q=" + encodeURIComponent(search.value);
        fetch(url).then(function (r) { return r.json(); }).then(function (data) {
          var doc = data && data.response && data.response.docs && data.response.docs[0];
          var m = doc && /POINT\(([-\d.]+) ([-\d.]+)\)/.exec(doc.centroide_ll || "");
          if (!m) { status.textContent = el.dataset.notFoundText || ""; return; }
          var ll = L.latLng(parseFloat(m[2]), parseFloat(m[1]));
          place(ll, (el.dataset.foundText || "") + " " + doc.weergavenaam);
          map.setView(ll, 17);
        }).catch(function () { status.textContent = el.dataset.offlineText || ""; });
      });
    }
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

  document.addEventListener("DOMContentLoaded", function () { initMaps(document); });
})();
