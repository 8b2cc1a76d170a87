"""Spontaan's own settings, read from the environment as always, plus one benchmark route.

Only ROOT_URLCONF differs: benchmarks.bench_urls serves every Spontaan URL and, beside them,
/bench/trivial (the baseline view the pages are compared with).
"""

import os
from pathlib import Path

from spontaan.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"

# Only when web.py had to work around a failing collectstatic (see its "warnings"): collect the
# vendored front-end files from a temporary copy with stand-ins for missing source maps. The
# pages are served from STATIC_ROOT either way (whitenoise, manifest storage).
if os.environ.get("BENCH_STATIC_VENDOR_DIR"):
    STATICFILES_DIRS = [("vendor", Path(os.environ["BENCH_STATIC_VENDOR_DIR"]))]
