# Lan Tỏa — `make site` dựng trang web, `make test` chạy toàn bộ kiểm thử.
# Both install what is missing first: Debian packages (as root), then .venv.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
DEBIAN_PACKAGES := chromium poppler-utils zbar-tools espeak-ng sox libsox-fmt-mp3 lame \
	libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fontconfig

# A Python >= 3.12 that really runs: pyenv shims on PATH fail unless PYENV_VERSION is set.
define find_python
for candidate in python3.13 python3.12 \
	$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)/versions/3.1[3-9]*/bin/python3 \
	$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)/versions/3.12*/bin/python3; do \
	if "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
		echo "$$candidate"; exit 0; fi; \
done; exit 1
endef

.PHONY: site test golden setup debian serve edit check lint bench bench-scale clean fuzz

site: setup
	$(BIN)/lantoa build --content stories --out site
	@echo "Xem trang: python3 -m http.server -d site 8000  →  http://localhost:8000/"

test: setup
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

# The long runs: property tests, and 10 sequences of 20 edits each built incrementally
# then compared with a cold build (HYPOTHESIS_DIFF_EXAMPLES=N for more).
fuzz: setup
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/test_properties.py -q -p no:cacheprovider
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/test_differential.py -k sequences -q -p no:cacheprovider -p no:xdist

# After an intended change of wording: rewrite tests/golden/, then review `git diff tests/golden`.
golden: setup
	$(BIN)/python -m pytest tests/test_golden.py -q --update-golden

check: setup
	$(BIN)/lantoa check stories

serve: setup
	$(BIN)/lantoa serve

# The form editor beside the live preview: its first line is the address with the session token.
edit: setup
	$(BIN)/lantoa edit

lint: setup
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/ruff format --check generator tests benchmarks

bench: setup
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_site.py --sample
	$(BIN)/python benchmarks/bench_leaflets.py
	$(BIN)/python benchmarks/bench_audio.py
	$(BIN)/lantoa build --content stories --out site
	$(BIN)/python benchmarks/page_weight.py site

# 1,000 generated stories built cold, unchanged and after one edit (ARGS="--n 10000 --site-only").
bench-scale: setup
	$(BIN)/python benchmarks/bench_scale.py $(ARGS)

setup: debian $(STAMP) $(NODE_STAMP)

debian:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Cài gói Debian:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "Thiếu gói Debian. Chạy lệnh sau (cần quyền root) rồi chạy lại make:"; \
			echo "  sudo apt-get install -y$$missing"; exit 1; \
		fi; \
	fi

$(STAMP): pyproject.toml requirements.lock
	@python=$$($(find_python)) || { echo "Cần Python >= 3.12 (python3.12, python3.13 hoặc qua pyenv)."; exit 1; }; \
	echo "Dùng $$python"; \
	[ -x $(BIN)/python ] && $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' \
		|| { rm -rf $(VENV); "$$python" -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[test]'
	touch $(STAMP)

# Front-end packages pinned in package-lock.json: decap-cms (the bundle `lantoa edit` serves,
# offline) and axe-core (the accessibility test).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

clean:
	rm -rf site .site.* .cache docs/noi-dung
