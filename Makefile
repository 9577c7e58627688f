# congvan — two commands: `make demo` and `make test`. Both install what is missing first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd fonts-freefont-ttf
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system demo test lint unit bench samples clean

setup: system $(VENV)/.installed

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

demo: setup
	$(BIN)/congvan run samples/data

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	OMP_THREAD_LIMIT=1 $(BIN)/pytest -q

unit: setup
	$(BIN)/pytest -q -m "not tesseract"

bench: setup
	$(BIN)/python bench/ocr.py

samples: setup
	$(BIN)/python samples/generate.py --out samples/data

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .congvan *.egg-info
