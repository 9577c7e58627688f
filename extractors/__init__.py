"""congvan: extractors."""
