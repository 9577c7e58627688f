"""congvan: ocr."""
