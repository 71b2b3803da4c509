"""coach's limits, defined once: ids, ranges of weeks and years, lengths of names."""

from __future__ import annotations

# Ids are SQLite's 64-bit integers, from 1 up.
MAX_ID = 2**63 - 1
# `coach report --weeks` (a hundred years) and `coach demo --weeks`.
MAX_WEEKS = 5200
MAX_DEMO_WEEKS = 2000
MAX_SEED = 2**31
# The years a date or an ISO week may name.
MIN_YEAR = 1
MAX_YEAR = 9998
# A strength in the user's own words.
MAX_CUSTOM_LENGTH = 60
