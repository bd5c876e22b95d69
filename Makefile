# Two commands set everything up from a clean clone:
#   make run    -> the main job (cogsim on the bundled battery and backbone)
#   make test   -> the test suite
# Both create .venv on first use. torch/torchvision are pinned first because pip on
# this project's machines serves them from local disk (see docs/installation.md).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import shutil; free = shutil.disk_usage(".").free / 2**30; free < 8 and print(f"warning: {free:.1f} GiB free here; the environment needs about 7 GiB (torch 2.14.1 brings its CUDA libraries), and pip fails with No space left on device without it")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "torch==2.14.1" "torchvision==0.29.1"
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cogsim replicate --overwrite --output cogsim-report

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache
