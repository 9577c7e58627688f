"""The office's desk as a library: accounts and who may see what (:mod:`.accounts`), each
document's step in the incoming workflow (:mod:`.workflow`), the register (:mod:`.register`) and
uploads (:mod:`.uploads`); page images are :mod:`congvan.pipeline.page_images` (the ingest
renders them). The web desk and the CLI are shells
over it; nothing here imports a web framework."""
