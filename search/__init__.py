"""congvan: search."""
