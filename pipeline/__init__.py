"""congvan: pipeline."""
