"""The bottom layer: records, errors, configuration, the office's units, Vietnamese text.

The only part of :mod:`congvan.pipeline` that :mod:`congvan.ocr`, :mod:`congvan.extractors` and
:mod:`congvan.search` may import; it imports nothing of congvan's above it.
"""
