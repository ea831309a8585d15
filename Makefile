# Codebench — the README's commands are targets here.
#   make run    install what is missing, build, start the app
#   make test   install what is missing, then gofmt, vet, staticcheck, go test (-race, see below)

SHELL        := /bin/bash
GO           ?= go
CMS_DIR      ?= ../shared/terminology
PACK         := assets/terminology/codebench.pack
VERSION      := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
LDFLAGS      := -X github.com/codebench/codebench/app.Version=$(VERSION)
GOBIN        := $(shell $(GO) env GOPATH 2>/dev/null)/bin
STATICCHECK  := $(GOBIN)/staticcheck
FYNE         := $(GOBIN)/fyne
DATA         ?=

# Debian/Ubuntu packages: cgo + X11/GL headers for Fyne, tesseract for OCR,
# poppler for checking PDFs, Xvfb/xdotool/ImageMagick for screenshots.
DEB_PACKAGES := gcc pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev \
                libxinerama-dev libxi-dev libxxf86vm-dev tesseract-ocr tesseract-ocr-eng \
                poppler-utils xvfb xdotool imagemagick

.PHONY: all deps tools terminology build run test bench screenshot package clean

all: build

deps:
	@if ! command -v $(GO) >/dev/null; then \
	  echo "Go is missing: install Go 1.21 or newer (it fetches the 1.26 toolchain itself): https://go.dev/doc/install"; exit 1; fi
	@if command -v dpkg-query >/dev/null && command -v apt-get >/dev/null; then \
	  missing=""; for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing:$$missing"; \
	    if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	  fi; \
	else \
	  echo "Not a Debian/Ubuntu system. Install these (or your system's equivalents), then re-run:"; \
	  echo "  a C compiler, pkg-config, OpenGL and X11 development headers (see https://docs.fyne.io/started/),"; \
	  echo "  tesseract (OCR), poppler-utils (pdftotext, pdftoppm), Xvfb, xdotool and ImageMagick for screenshots"; \
	fi
	@$(MAKE) --no-print-directory tools

tools: $(STATICCHECK)

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

$(FYNE):
	$(GO) install fyne.io/tools/cmd/fyne@v1.7.4

# The terminology pack: generated from the official release files, never committed.
# Rebuilt only when a release file or the importer is newer than the pack. When
# CMS_DIR is absent the published files are downloaded into it first and each
# is checked against its pinned SHA-256 (app/terminology/releases.go).
CMS_FILES    := $(shell find $(CMS_DIR) -type f 2>/dev/null)
TERMS_SRC    := $(filter-out %_test.go,$(wildcard app/terminology/*.go))

terminology: $(PACK)

$(PACK): $(CMS_FILES) $(TERMS_SRC)
	@mkdir -p $(dir $(PACK))
	@if [ ! -d "$(CMS_DIR)" ]; then \
	  echo "$(CMS_DIR) not found: downloading the official release files"; \
	  $(GO) run . terms fetch --out $(CMS_DIR) || exit 1; fi
	$(GO) run . terms build --from $(CMS_DIR) --out $(PACK)

build: terminology
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/codebench .

run: deps build
	./bin/codebench $(if $(DATA),--data $(DATA))

# Tests run in two steps, each test exactly once:
#  1. every test under -race, except NORACE;
#  2. the NORACE tests without -race, in the packages that define them.
# NORACE are heavy real-data quality checks with no concurrency of their own
# (the race detector slows their pixel and index loops 5-10x and has nothing
# to find there): the official import round trip and README counts, the
# search relevance and index round trips, OCR word-error rates. The code
# they drive is run under -race by smaller tests in the same packages (made-up
# imports, TestConcurrentSearch, multi-page TIFF/PDF, render cache, cancel).
# A test named here is skipped in step 1 in every package, and step 2 runs
# it in every package that has a test of that name.
# Real-data tests read the generated pack (internal/testenv/testpack), which
# `terminology` builds first; only TestPackRoundTripOfficial imports the
# release files.
NORACE       := TestPackRoundTripOfficial|TestReferenceCountsAll22OrderFiles|TestBrowse|TestMarshalRoundTrip|TestCached|TestRelevance|TestOCRAccuracy|TestImageFormats|TestPhotoOrientation|TestCMSPDFOCR
NORACE_DEF   := ^func ($(NORACE))[(]
NORACE_PKGS   = $(sort $(dir $(shell grep -rlE '$(NORACE_DEF)' --include='*_test.go' .)))

test: deps terminology
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...
	$(GO) test -race -timeout 45m -skip '^($(NORACE))$$' ./...
	$(GO) test -timeout 45m -run '^($(NORACE))$$' $(NORACE_PKGS)

bench: terminology
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./...

screenshot: build
	./scripts/screenshot.sh

package: terminology $(FYNE)
	$(FYNE) package --os linux --release --name Codebench --app-id org.codebench.workstation

clean:
	rm -rf bin dist
