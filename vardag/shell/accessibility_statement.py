"""Dates of the accessibility statement (DIGG's model: when it was last reviewed and updated).

Change them when the statement is reviewed again: REVIEWED_ON is the last review of the service
(automated axe-core run over every page in both languages and widths, keyboard and screen-reader
walk-through of the main journeys); UPDATED_ON the last change to the statement's text.
"""

from datetime import date

REVIEWED_ON = date(2026, 12, 7)
UPDATED_ON = date(2026, 12, 7)
