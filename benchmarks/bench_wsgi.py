"""The normal Spontaan WSGI application, with the benchmark settings (one extra route).

gunicorn benchmarks.bench_wsgi:application   (with /work/main on PYTHONPATH)
"""

import os

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.bench_settings"

from spontaan.wsgi import application  # noqa: E402

__all__ = ["application"]
