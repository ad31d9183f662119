"""Views of extractions and store reports: Rich tables and JSON/JSONL (:mod:`.render`), a
self-contained HTML page (:mod:`.html`), VERIS-shaped records (:mod:`.veris`) and timeline
plots (:mod:`.plot`).

Views read :mod:`breachfacts.facts` (and report objects the store hands them); they never
import the pipeline or the store's internals.
"""
