"""``python -m congvan``: the ``congvan`` command."""

from congvan.pipeline.cli import main

main()
