"""The library API of congvan, above :mod:`congvan.ocr`, :mod:`congvan.extractors` and
:mod:`congvan.search`: :func:`~congvan.pipeline.process.process_document` and
:func:`~congvan.pipeline.process.process_documents` (file → record, errors as data), ingest
(:mod:`congvan.pipeline.ingest`), routing, corrections and evaluation. The shells (the CLI in
:mod:`congvan.pipeline.cli`, the Prefect flows in :mod:`congvan.flows`) call it; it never prints
and never configures logging.
"""
