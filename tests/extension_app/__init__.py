"""A capability written the way every new one is: it registers a page section, a timeline
event kind, an answer-clock kind and a notification kind, and touches no other app (no
migration, no edit below it). `tests/test_extension_points.py` uses it."""
