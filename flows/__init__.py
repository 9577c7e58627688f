"""congvan: flows."""
