# Apiary — two commands on a fresh Debian machine:
#   make demo   set up (system packages, models, release build) and run the demo
#   make test   set up and run the whole test suite (optimised: model tests are numeric)

SWIFT      ?= swift
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS   := libsqlite3-dev tmux chromium
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

models:
	@scripts/fetch-models

build: system-packages
	$(SWIFT) build $(RELEASE) --product apiary

demo: setup build
	@scripts/demo

test: setup
	$(SWIFT) build $(TESTFLAGS)
	$(SWIFT) test $(TESTFLAGS)

clean:
	rm -rf .build
