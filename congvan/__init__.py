"""congvan: scanned incoming Vietnamese official dispatches (công văn đến) to registered, routed,
searchable records.

The sub-packages, from the bottom up (imports only point down; ``make lint`` checks it):
:mod:`congvan.pipeline.core` (records, errors, configuration, units, Vietnamese text),
:mod:`congvan.ocr`, :mod:`congvan.extractors` and :mod:`congvan.search`, the library API in
:mod:`congvan.pipeline`, and the shells: :mod:`congvan.pipeline.cli` and :mod:`congvan.flows`.
"""
