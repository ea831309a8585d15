# Codebench — the README's commands are targets here.
#   make run    install what is missing, build, start the app
#   make test   install what is missing, then gofmt, vet, staticcheck, go test (-race, see below)
#   make windows, make windows-installer, make test-windows   (see "Windows" below)

SHELL        := /bin/bash
GO           ?= go
CMS_DIR      ?= ../shared/terminology
CMS_MIRROR   ?=
PACK         := assets/terminology/codebench.pack
INDEX        := assets/terminology/codebench.index
VERSION      := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
LDFLAGS      := -X github.com/codebench/codebench/app.Version=$(VERSION)
# no_emoji leaves out Fyne's emoji font: Fyne parses it onto the heap again
# for every text style the window uses (~4.7 MB each, ~19 MB in all), and
# no text of Codebench's needs it (its arrows and marks come from the
# system fonts either way). Documented at https://docs.fyne.io/explore/compiling.
TAGS         := no_emoji
GOBIN        := $(shell $(GO) env GOPATH 2>/dev/null)/bin
STATICCHECK  := $(GOBIN)/staticcheck
FYNE         := $(GOBIN)/fyne
DATA         ?=

# Debian/Ubuntu packages: cgo + X11/GL headers for Fyne, tesseract for OCR,
# poppler for checking PDFs, Xvfb/xdotool/ImageMagick for screenshots,
# sqlite3, bc and GNU time for make bench-memory.
# postgresql: for the shared-store tests (scripts/pgtest.sh).
DEB_PACKAGES := gcc pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev \
                libxinerama-dev libxi-dev libxxf86vm-dev tesseract-ocr tesseract-ocr-eng \
                poppler-utils xvfb xdotool imagemagick sqlite3 bc time postgresql
# The Windows build: the cgo cross-compiler, windres (binutils-mingw-w64),
# NSIS for the installer, Wine to run the tests of the Windows build.
WIN_DEB_PACKAGES := gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis wine64

.PHONY: all deps tools terminology build run test bench bench-memory screenshot package clean windows windows-installer test-windows

all: build

deps:
	@if ! command -v $(GO) >/dev/null; then \
	  echo "Go is missing: install Go 1.21 or newer (it fetches the 1.26 toolchain itself): https://go.dev/doc/install"; exit 1; fi
	@if command -v dpkg-query >/dev/null && command -v apt-get >/dev/null; then \
	  missing=""; for p in $(DEB_PACKAGES) $(WIN_DEB_PACKAGES); do \
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
	  echo "  for the Windows build: mingw-w64 (x86_64-w64-mingw32-gcc, windres), NSIS (makensis) and Wine"; \
	fi
	@$(MAKE) --no-print-directory tools

tools: $(STATICCHECK)

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

$(FYNE):
	$(GO) install fyne.io/tools/cmd/fyne@v1.7.4

# The terminology pack: generated from the official release files, never committed.
# Rebuilt only when a release file or the importer is newer than the pack. When
# CMS_DIR is absent (or was downloaded by an earlier run) the published files are
# downloaded into it first and each is checked against its pinned SHA-256
# (app/terminology/releases.go). A file that cannot be had or differs is skipped
# and named; only the current fiscal year is required, and the app says which
# years are missing. CMS_MIRROR=URL downloads from a copy laid out like CMS_DIR.
CMS_FILES    := $(shell find $(CMS_DIR) -type f 2>/dev/null)
TERMS_SRC    := $(filter-out %_test.go,$(wildcard app/terminology/*.go))
SEARCH_SRC   := $(filter-out %_test.go,$(wildcard app/terminology/search/*.go))

# The search index of the pack, embedded beside it and read in place (no
# index is built when the workstation starts on the built-in code sets).
# Rebuilt when the pack or the search code is newer.
terminology: $(PACK) $(INDEX)

$(INDEX): $(PACK) $(SEARCH_SRC)
	$(GO) run . terms build-index --pack $(PACK) --out $(INDEX)

$(PACK): $(CMS_FILES) $(TERMS_SRC)
	@mkdir -p $(dir $(PACK))
	@if [ ! -d "$(CMS_DIR)" ] || [ -f "$(CMS_DIR)/.codebench-fetch" ]; then \
	  echo "$(CMS_DIR): downloading the official release files not there yet"; \
	  $(GO) run . terms fetch --out $(CMS_DIR) $(if $(CMS_MIRROR),--mirror $(CMS_MIRROR)) || exit 1; fi
	$(GO) run . terms build --from $(CMS_DIR) --out $(PACK)

build: terminology
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o bin/codebench .

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
# TestEveryByteFlip opens some 10,000 damaged copies of a database; the store
# code it drives runs under -race in the other storage tests.
# The command-line tests that load the whole code sets or the real
# Guidelines PDF (terms build/import/search, suggest, guidelines import) take
# 40-80 s each under -race; their code runs under -race in the packages'
# own tests (app/terminology, search, suggest, workstation).
# A test named here is skipped in step 1 in every package, and step 2 runs
# it in every package that has a test of that name.
# Real-data tests read the generated pack (internal/testenv/testpack), which
# `terminology` builds first; only TestPackRoundTripOfficial imports the
# release files.
NORACE       := TestEveryByteFlip|TestTermsBuildImportStatsShowMadeUp|TestSuggestFilesAndRecord|TestGuidelinesImportPDF|TestTermsSearch|TestTermsImportWaitsForTheFolder|TestPackRoundTripOfficial|TestReferenceCountsAll22OrderFiles|TestBrowse|TestMarshalRoundTrip|TestCached|TestRelevance|TestOCRAccuracy|TestImageFormats|TestPhotoOrientation|TestCMSPDFOCR
# Step 1 runs inside scripts/pgtest.sh: one throwaway PostgreSQL cluster
# (unix socket in a temp folder, removed afterwards) that the PostgreSQL
# store's tests use through CODEBENCH_TEST_POSTGRES; they never skip.
NORACE_DEF   := ^func ($(NORACE))[(]
NORACE_PKGS   = $(sort $(dir $(shell grep -rlE '$(NORACE_DEF)' --include='*_test.go' .)))

test: deps terminology
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...
	scripts/pgtest.sh $(GO) test -race -timeout 45m -skip '^($(NORACE))$$' ./...
	$(GO) test -timeout 45m -run '^($(NORACE))$$' $(NORACE_PKGS)

# bench also runs bench-memory: the window's and the CLI's memory and
# start-up beside a minimal Fyne window and sqlite3 (issue 16).
bench: terminology
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./...
	$(MAKE) --no-print-directory bench-memory

bench-memory: build
	BIN=./bin/codebench CMS_DIR=$(CMS_DIR) ./scripts/memory.sh

screenshot: build
	./scripts/screenshot.sh

package: terminology $(FYNE)
	$(FYNE) package --os linux --release --tags $(TAGS) --name Codebench --app-id org.codebench.workstation

# Windows: a cross-compiled codebench.exe (GUI program with the CLI through
# its console front codebench.com), its installer, and the tests of both
# under Wine. See scripts/windows/ and scripts/test-windows.sh.
WIN_ENV      := CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc
BUILD_NUMBER := $(shell sed -n 's/^Build *= *\([0-9]*\).*/\1/p' FyneApp.toml)
WIN_SYSO     := rsrc_windows_amd64.syso
SETUP        := dist/Codebench-Setup-$(VERSION).exe

windows: terminology
	@mkdir -p bin/windows
	scripts/windows/resources.sh $(VERSION) $(BUILD_NUMBER) $(WIN_SYSO) bin/windows/icon.ico
	$(WIN_ENV) $(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS) -H windowsgui -s -w" -o bin/codebench.exe .
	x86_64-w64-mingw32-gcc -O2 -s -Wall -o bin/codebench.com scripts/windows/codebench-com.c

windows-installer: windows
	@mkdir -p dist bin/windows
	cp bin/codebench.exe bin/codebench.com bin/windows/
	sed 's/$$/\r/' LICENSE > bin/windows/LICENSE.txt
	makensis -V2 -DVERSION=$(VERSION) -DFILEVERSION=$(VERSION).$(BUILD_NUMBER) \
	  -DSRC=$(CURDIR)/bin/windows -DOUT=$(CURDIR)/$(SETUP) scripts/windows/installer.nsi
	@ls -l $(SETUP)

test-windows: deps windows-installer
	scripts/test-windows.sh $(SETUP)

clean:
	rm -rf bin dist $(WIN_SYSO)
