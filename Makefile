# Apiary — two commands on a fresh Debian machine:
#   make demo   set up (system packages, models, release build) and run the demo
#   make test   set up and run the whole test suite (optimised: model tests are numeric)

SWIFT      ?= swift
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS   := libsqlite3-dev tmux chromium slurm-wlm munge python3-yaml
RELEASE    := -c release
TESTFLAGS  := -c release -Xswiftc -enable-testing

.PHONY: all setup system-packages models build demo test clean

all: build

setup: system-packages models

# Installs only what is missing, so a set-up machine pays nothing.
system-packages:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The synthetic test models (tiny GGUFs of qwen3, phi3, Llama 3, Mistral) are rebuilt
# byte for byte from a seed and checked against their committed sha256.
models:
	@scripts/fetch-models
	@python3 -c "import gguf, numpy" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check gguf==0.19.0 numpy
	@scripts/make-synthetic-models.py --models-only

build: system-packages
	$(SWIFT) build $(RELEASE) --product apiary

demo: setup build
	@scripts/demo

test: setup
	$(SWIFT) build $(TESTFLAGS)
	$(SWIFT) test $(TESTFLAGS)

clean:
	rm -rf .build
