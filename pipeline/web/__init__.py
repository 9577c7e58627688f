"""The web desk: a shell beside the CLI over the same library (``congvan serve``).

:mod:`.app` builds the FastAPI application: server-rendered pages in Vietnamese (:mod:`.pages`)
and the REST API under ``/api/v1`` (:mod:`.api`), over :mod:`congvan.pipeline.desk`. Who is
asking is settled in :mod:`.auth`; what they may see is decided by the library, in every path.
"""
