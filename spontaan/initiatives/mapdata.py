"""The map's GeoJSON: the filtered list's initiatives that have a location, from plain values.

Up to `MAX_POINTS` matching initiatives the answer holds each of them as a Point with its
properties (exactly the items of the list with the same filters, for the same person). Above
that it holds clusters: the area the matches cover is cut into a grid of about `GRID` x `GRID`
cells, and each cell with matches is one Point at the mean position of its matches, with
`{"cluster": true, "count": n}` as its properties. The grid is coarse on purpose: the server
does not know the screen, and at the zoom that fits the area a finer grid's markers overlap.
Filtering narrows the matches to single initiatives. The collection says which
it is (`"clustered"`) and how many initiatives it stands for (`"total"`), both foreign members
as RFC 7946 allows.

Answers are cached per filters, per content version (a write that touches the initiatives makes
them stale) and per visibility scope: visitors and every signed-in person who sees no hidden
initiative share one entry; someone who may see hidden initiatives of their team or
municipality shares with those who see exactly the same (`selectors.visibility_scope`).
"""

import hashlib

import orjson
from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, F, IntegerField, Max, Min
from django.db.models.functions import Cast
from django.urls import reverse

from spontaan.core import links
from spontaan.core.compression import compressible, gzip_bytes
from spontaan.core.pagecache import area_versions, areas_of

from .selectors import InitiativeFilters, initiative_located_list, visibility_scope

MAX_POINTS = 5000
GRID = 6


def _data_version() -> str:
    """What says "has anything changed": the versions of the content areas the map's
    GeoJSON shows (core.pagecache), read in one query."""
    versions = area_versions(areas_of("/api/v1/initiatives/geojson"))
    return ",".join(f"{name}={version}" for name, version in sorted(versions.items()))


def _cache_key(scope: str, filters: InitiativeFilters) -> str:
    raw = "\n".join([scope, repr(tuple(vars(filters).items())), str(_data_version())])
    return "geojson:v2:" + hashlib.sha256(raw.encode()).hexdigest()


def _detail_url_parts() -> tuple[str, str]:
    """The absolute URL of an initiative's page around its id, reversed once per answer."""
    sample = links.absolute_url(reverse("initiatives:detail", args=[0]))
    prefix, suffix = sample.rsplit("/0/", 1)
    return prefix + "/", "/" + suffix


def _point(lon: float, lat: float, properties: dict) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }


def _points(qs) -> list[dict]:
    prefix, suffix = _detail_url_parts()
    # The map needs no order: leave out the list's sort.
    rows = qs.order_by().values_list(
        "pk", "title", "status", "category", "municipality__slug", "longitude", "latitude"
    )
    return [
        _point(
            lon,
            lat,
            {
                "id": pk,
                "title": title,
                "status": status,
                "category": category,
                "municipality": municipality,
                "url": f"{prefix}{pk}{suffix}",
            },
        )
        for pk, title, status, category, municipality, lon, lat in rows
    ]


def _clusters(qs, bounds: dict) -> list[dict]:
    """One feature per occupied cell of a grid over the matches' bounding box (one query). A
    cell's row and column are the offset from the box's corner over the cell size, cast to an
    integer in SQL (SQLite truncates, PostgreSQL rounds: a grid either way); a cast is native
    in both, where SQLite's FLOOR is a Python function called per row."""
    lat_step = max((bounds["lat_max"] - bounds["lat_min"]) / GRID, 1e-9)
    lon_step = max((bounds["lon_max"] - bounds["lon_min"]) / GRID, 1e-9)
    cells = (
        qs.order_by()
        .values(
            row=Cast((F("latitude") - bounds["lat_min"]) / lat_step, IntegerField()),
            col=Cast((F("longitude") - bounds["lon_min"]) / lon_step, IntegerField()),
        )
        .annotate(n=Count("pk"), lat=Avg("latitude"), lon=Avg("longitude"))
        .order_by("row", "col")
    )
    return [
        _point(cell["lon"], cell["lat"], {"cluster": True, "count": cell["n"]}) for cell in cells
    ]


def _build(user, filters: InitiativeFilters) -> bytes:
    qs = initiative_located_list(user=user, filters=filters)
    bounds = qs.aggregate(
        total=Count("pk"),
        lat_min=Min("latitude"),
        lat_max=Max("latitude"),
        lon_min=Min("longitude"),
        lon_max=Max("longitude"),
    )
    clustered = bounds["total"] > MAX_POINTS
    features = _clusters(qs, bounds) if clustered else _points(qs)
    body = {
        "type": "FeatureCollection",
        "clustered": clustered,
        "total": bounds["total"],
        "features": features,
    }
    return orjson.dumps(body)


def initiatives_geojson_encoded(
    *, user, filters: InitiativeFilters, scope: str | None = None
) -> tuple[bytes, bytes | None]:
    """The GeoJSON (UTF-8 bytes) of the initiatives `initiative_list` gives this person with
    these filters, and its gzip form when it is large enough to be worth compressing, cached
    together until anything changes. `scope` is the person's `visibility_scope`, if the caller
    has it already (`sharing.list_scope`)."""
    seconds = settings.MAP_GEOJSON_CACHE_SECONDS
    if not seconds:
        return _encoded(_build(user, filters))
    key = _cache_key(visibility_scope(user=user) if scope is None else scope, filters)
    entry = cache.get(key)
    if entry is None:
        entry = _encoded(_build(user, filters))
        cache.set(key, entry, seconds)
    return entry


def _encoded(body: bytes) -> tuple[bytes, bytes | None]:
    return body, gzip_bytes(body) if compressible("application/geo+json", len(body)) else None
