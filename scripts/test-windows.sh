#!/usr/bin/env bash
# make test-windows: the Windows build, run under Wine in a throwaway
# WINEPREFIX.
#   1. The Go tests of the packages with Windows-specific code, built with
#      GOOS=windows go test -c and run under Wine.
#   2. The installer, silently, per user, for a Windows user whose name has
#      a space and non-ASCII letters ("Zoë Ångström").
#   3. The installed codebench.exe (through its console front codebench.com)
#      through the command-line flow: a user and a record, a typed note and
#      a PDF note, codes, check, report to PDF, print with no printer,
#      backup and restore, audit verify, a second concurrent instance.
#   4. An upgrade and the uninstaller, both of which must keep the data.
#
# Wine 8 (Debian 12) lacks bcryptprimitives.dll, whose ProcessPrng the Go
# runtime calls at start-up: a stand-in DLL built from
# scripts/windows/wine-processprng.c goes into the throwaway prefix only.
# Real Windows 10 and 11 have the DLL; it is never shipped.
#
#   scripts/test-windows.sh dist/Codebench-Setup-VERSION.exe
set -uo pipefail
setup=${1:?usage: test-windows.sh Codebench-Setup-VERSION.exe}
cd "$(dirname "$0")/.." || exit 1
root=$PWD
setup=$(realpath "$setup")

wine=/usr/lib/wine/wine64
[ -x "$wine" ] || wine=$(command -v wine64 || command -v wine || true)
wineserver=/usr/lib/wine/wineserver64
[ -x "$wineserver" ] || wineserver=$(command -v wineserver || true)
if [ -z "$wine" ]; then
  echo "wine64 is missing: make deps installs it"
  exit 1
fi

work=$(mktemp -d /tmp/codebench-wine.XXXXXX)
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" LC_ALL=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY
cleanup() {
  [ -n "${holder:-}" ] && kill "$holder" 2>/dev/null
  [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null
  [ -n "$wineserver" ] && "$wineserver" -k 2>/dev/null
  if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok    $*"; }
bad() { failed=$((failed + 1)); echo "FAIL  $*"; }
check() { # check DESCRIPTION COMMAND...: one assertion
  local what=$1
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
contains() { grep -qF -- "$2" <<<"$1"; }
t0=$SECONDS
section() { echo "== $* ($((SECONDS - t0)) s)"; }

# ---------------------------------------------------------------- prefix
section "Wine prefix"
"$wine" wineboot --init >/dev/null 2>&1
x86_64-w64-mingw32-gcc -O2 -s -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  scripts/windows/wine-processprng.c scripts/windows/wine-processprng.def -ladvapi32 || exit 1

# A Windows user whose name has a space and non-ASCII letters: Wine takes
# the profile from the Unix user, so point the profile's folders at one.
user='Zoë Ångström'
profile="C:\\users\\$user"
uprofile="$WINEPREFIX/drive_c/users/$user"
mkdir -p "$uprofile/AppData/Local" "$uprofile/AppData/Roaming" "$uprofile/Documents"
reg() { "$wine" reg add "$@" /f >/dev/null 2>&1; }
for kv in "LOCALAPPDATA=$profile\\AppData\\Local" "APPDATA=$profile\\AppData\\Roaming" \
  "USERPROFILE=$profile" "HOMEPATH=\\users\\$user" "USERNAME=$user"; do
  reg 'HKCU\Volatile Environment' /v "${kv%%=*}" /d "${kv#*=}"
done
for key in 'User Shell Folders' 'Shell Folders'; do
  reg "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\$key" /v 'Local AppData' /d "$profile\\AppData\\Local"
  reg "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\$key" /v 'AppData' /d "$profile\\AppData\\Roaming"
  reg "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\$key" /v 'Programs' /d "$profile\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs"
done
"$wineserver" -w 2>/dev/null
got=$("$wine" cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')
check "the profile is under C:\\users\\Zoë Ångström (LOCALAPPDATA=$got)" contains "$got" 'AppData\Local'

# ---------------------------------------------------------------- Go tests
section "Go tests of the Windows-specific code, under Wine"
gotest() { # gotest PACKAGE RUN [SKIP]: build the package's tests for Windows, run them
  local pkg=$1 run=$2 skip=${3:-} name
  name=$(basename "$pkg")
  if ! GOOS=windows GOARCH=amd64 CGO_ENABLED=0 nice -n 10 go test -c -tags winetest \
    -ldflags=-checklinkname=0 -o "$work/$name.test.exe" "./$pkg" >"$work/$name.build.log" 2>&1; then
    cat "$work/$name.build.log"
    bad "go test -c ./$pkg for Windows"
    return
  fi
  local s=$SECONDS
  # From the package's folder, as go test runs them (testdata, go.mod).
  (cd "$root/$pkg" && timeout 1200 "$wine" "$work/$name.test.exe" -test.v -test.timeout 15m -test.run "$run" ${skip:+-test.skip "$skip"}) \
    >"$work/$name.log" 2>&1
  local rc=$? n
  n=$(grep -c '^--- PASS' "$work/$name.log")
  if [ $rc -eq 0 ] && grep -q '^PASS' "$work/$name.log"; then
    ok "./$pkg under Wine: $n tests passed ($((SECONDS - s)) s)"
  else
    grep -E '^(--- FAIL|FAIL|panic|\s+\S+_test\.go)' "$work/$name.log" | head -40
    bad "./$pkg under Wine (exit $rc)"
  fi
}
# storage: every test (the lock, the access list, free space, and the
# store, audit and backup tests on Windows' file system). search: the
# memory-mapped index. report and
# intake: their Windows tests (the rest need poppler and tesseract, which
# the Linux run covers).
# TestEveryByteFlip is left to the Linux run: it checks Badger's on-disk
# format, the same on both systems, and under Wine a copy whose damaged
# table Badger refused stays open until the test process ends, so the test
# cannot delete its thousands of copies.
gotest storage . '^TestEveryByteFlip$'
# search: the index file memory-mapped and read in place (mmap-go's
# Windows path), and let go when refused so it can be replaced.
gotest app/terminology/search 'TestOpenFile|TestOpenUnaligned'
gotest app/report 'Print|Draw'
gotest app/intake 'Tesseract|OCRMissingOnWindows'

# ---------------------------------------------------------------- the exe
section "codebench.exe"
pe=$(x86_64-w64-mingw32-objdump -p bin/codebench.exe)
check "codebench.exe is a GUI program (no console window with the app)" contains "$pe" '(Windows GUI)'
rsrc=$(x86_64-w64-mingw32-windres -i bin/codebench.exe -O rc 2>/dev/null)
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
check "codebench.exe carries its icon (8 sizes)" test "$(grep -c 'RT_ICON \*/' <<<"$rsrc")" -eq 8 -a "$(grep -c 'RT_GROUP_ICON' <<<"$rsrc")" -eq 1
check "codebench.exe carries version $version" contains "$rsrc" "VALUE \"ProductVersion\", \"$version\""
check "codebench.exe carries its manifest (asInvoker, per-monitor DPI)" contains "$rsrc" 'asInvoker'

# ---------------------------------------------------------------- install
section "installer"
s=$SECONDS
"$wine" "$setup" /S >/dev/null 2>&1
"$wineserver" -w 2>/dev/null
instdir="$uprofile/AppData/Local/Programs/Codebench"
for f in codebench.exe codebench.com "Uninstall Codebench.exe" LICENSE.txt; do
  check "installed $f into %LocalAppData%\\Programs\\Codebench ($((SECONDS - s)) s)" test -f "$instdir/$f"
done
lnk="$uprofile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Codebench.lnk"
check "Start-menu entry" test -f "$lnk"
q=$("$wine" reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Codebench' 2>/dev/null | tr -d '\r')
check "registered in Settings > Apps, version $version" contains "$q" "$version"

# ---------------------------------------------------------------- CLI flow
section "command-line flow"
export CODEBENCH_PASSPHRASE='correct horse battery' CODEBENCH_USER="$user" CODEBENCH_FACILITY='Harbor Clinic'
cb() { "$wine" "$instdir/codebench.com" "$@"; }
data="$uprofile/AppData/Local/Codebench"

out=$(cb version 2>&1)
check "codebench version through codebench.com: $out" contains "$out" "$version"

id=$(cb record new --mrn 1001 --name 'Zoë Test' --dob 1960-01-02 --sex F --type office --date 2026-03-02 2>"$work/err" | tr -d '\r')
check "record new in the default data folder %LocalAppData%\\Codebench ($id)" test -f "$data/keys.json" -a -n "$id"
check "no Codebench data anywhere else in the profile" test ! -e "$WINEPREFIX/drive_c/users/root/AppData/Local/Codebench"

tid=$(cb note add "$id" --text 'Type 2 diabetes mellitus without complications. Essential hypertension.' 2>"$work/err" | tr -d '\r')
rc=$?
out=$(cb note text "$id" "$tid" 2>&1)
check "typed note (exit $rc)" contains "$out" 'Essential hypertension'

# A born-digital PDF (text, not a scan), as a clinic's system exports it.
pdf_note="$uprofile/Documents/discharge note Zoë.pdf"
{
  body='BT /F1 12 Tf 72 720 Td (Discharge summary: community-acquired pneumonia, treated.) Tj ET'
  objs=("<< /Type /Catalog /Pages 2 0 R >>"
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
    "<< /Length ${#body} >>
stream
$body
endstream"
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
  pdf='%PDF-1.4'$'\n' offsets=()
  for i in "${!objs[@]}"; do
    offsets+=("${#pdf}")
    pdf+="$((i + 1)) 0 obj"$'\n'"${objs[$i]}"$'\n'"endobj"$'\n'
  done
  xref=${#pdf}
  pdf+="xref"$'\n'"0 6"$'\n'"0000000000 65535 f "$'\n'
  for o in "${offsets[@]}"; do pdf+=$(printf '%010d 00000 n ' "$o")$'\n'; done
  pdf+="trailer"$'\n'"<< /Size 6 /Root 1 0 R >>"$'\n'"startxref"$'\n'"$xref"$'\n'"%%EOF"$'\n'
  printf '%s' "$pdf"
} >"$pdf_note"
nid=$(cb note add "$id" "$profile\\Documents\\discharge note Zoë.pdf" 2>&1 | tr -d '\r' | tail -1)
out=$(cb note text "$id" "$nid" 2>&1)
check "PDF note with text, read without tesseract: ${out:0:60}" contains "$out" 'community-acquired pneumonia'

cb code add "$id" E11.9 --role principal >/dev/null 2>&1
cb code add "$id" I10 >/dev/null 2>&1
out=$(cb check "$id" --json 2>&1)
rc=$?
check "check passes with E11.9 and I10 (exit $rc)" test $rc -eq 0
check "check lists the codes" contains "$out" 'E11.9'

report="$uprofile/Documents/summary Zoë.pdf"
out=$(cb report "$id" --notes --out "$profile\\Documents\\summary Zoë.pdf" 2>&1)
text=$(pdftotext "$report" - 2>/dev/null)
check "report to a PDF in a folder with spaces and non-ASCII letters" test -s "$report"
check "the PDF has the facility, the codes and the PDF note" \
  bash -c 'grep -qF "Harbor Clinic" <<<"$1" && grep -qF "E11.9" <<<"$1" && grep -qF "I10" <<<"$1" && grep -qF "pneumonia" <<<"$1"' _ "$text"

temps() { find "$WINEPREFIX/drive_c/users" "$WINEPREFIX/drive_c/windows/temp" -ipath '*temp*' -newer "$report" -type f 2>/dev/null | sort; }
before=$(temps)
out=$(cb print "$id" 2>&1)
rc=$?
check "print with no printer set up says so (exit $rc): ${out:0:70}" \
  bash -c '[ "$1" -ne 0 ] && grep -qF "No printer is set up on this computer" <<<"$2"' _ "$rc" "$out"
out=$(cb print "$id" --printer 'Front Desk' 2>&1)
check "print on a printer that is not set up says so" contains "$out" 'is not set up on this computer'
check "printing left no temporary file behind" test "$(temps)" = "$before"

# A second Codebench while one has the data folder open. The first writes
# a large PDF to a pipe nobody reads yet, so it waits there with the
# folder open; the second must be refused with the same message as on
# Linux; then the first is let go and must finish cleanly.
big="$uprofile/Documents/long note.txt"
head -c 600000 /dev/urandom | base64 -w 76 >"$big"
cb note add "$id" "$profile\\Documents\\long note.txt" >/dev/null 2>&1
mkfifo "$work/go"
(cb report "$id" --notes --out - | {
  dd bs=1 count=1 of="$work/first" 2>/dev/null
  read -r _ <"$work/go"
  cat >"$work/held.pdf"
}) 2>"$work/holder.err" &
holder=$!
for _ in $(seq 600); do [ -s "$work/first" ] && break; sleep 0.1; done
out=$(cb audit verify 2>&1)
rc=$?
check "a second codebench is refused while the first has the folder open (exit $rc): $out" \
  bash -c '[ "$1" -ne 0 ] && grep -qF "Codebench is already open on this data folder" <<<"$2"' _ "$rc" "$out"
echo go >"$work/go"
wait "$holder"
rc=$?
holder=
check "the first codebench finished its work after that (exit $rc)" test $rc -eq 0 -a -s "$work/held.pdf"

out=$(cb audit verify 2>&1)
check "audit verify: $out" contains "$out" 'audit trail verified'

s=$SECONDS
out=$(cb backup --out "$profile\\Documents\\backup Zoë.cbk" 2>&1)
check "backup ($((SECONDS - s)) s)" test -s "$uprofile/Documents/backup Zoë.cbk"
restored='C:\Restored data Ünïcode'
s=$SECONDS
out=$(cb --data "$restored" restore "$profile\\Documents\\backup Zoë.cbk" 2>&1)
check "restore into another folder ($((SECONDS - s)) s): $out" test -f "$WINEPREFIX/drive_c/Restored data Ünïcode/keys.json"
out=$(cb --data "$restored" record list 2>&1)
check "the restored database has the record" contains "$out" '1001'
out=$(cb --data "$restored" audit verify 2>&1)
check "the restored audit trail verifies" contains "$out" 'audit trail verified'

# ---------------------------------------------------------------- window
# The window under Xvfb with software OpenGL: it must open, take a first
# user, and then hold its data folder against the command line.
section "window"
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
  # -displayfd: Xvfb picks a free display and writes its number.
  Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.display" 2>"$work/xvfb.log" &
  xvfb=$!
  for _ in $(seq 50); do [ -s "$work/xvfb.display" ] && break; sleep 0.1; done
  # Wine's desktop process was started without a display by the steps
  # above: end it, so the window's start makes one on Xvfb.
  "$wineserver" -k 2>/dev/null
  "$wineserver" -w 2>/dev/null
  winfolder='C:\window data'
  (export DISPLAY=":$(cat "$work/xvfb.display")" LIBGL_ALWAYS_SOFTWARE=1
    "$wine" "$instdir/codebench.exe" --data "$winfolder" >"$work/window.log" 2>&1) &
  window=$!
  export DISPLAY=":$(cat "$work/xvfb.display")"
  # 6 s on an idle machine; much longer when the machine is busy.
  s=$SECONDS
  for _ in $(seq 360); do xdotool search --name '^Codebench$' >/dev/null 2>&1 && break; sleep 0.5; done
  if xdotool search --name '^Codebench$' >/dev/null 2>&1; then
    ok "the window opens under Wine ($((SECONDS - s)) s)"
  else
    bad "the window opens under Wine (display $DISPLAY)"
    tail -n 5 "$work/window.log" "$work/xvfb.log"
  fi
  sleep 3
  xdotool search --name '^Codebench$' windowfocus >/dev/null 2>&1
  xdotool type --delay 30 'Window Coder' && xdotool key Tab
  xdotool type --delay 30 'window passphrase' && xdotool key Tab
  xdotool type --delay 30 'window passphrase' && xdotool key Return
  for _ in $(seq 120); do [ -f "$WINEPREFIX/drive_c/window data/keys.json" ] && break; sleep 0.5; done
  sleep 2
  [ -n "${SCREENSHOT:-}" ] && import -window root "$SCREENSHOT"
  out=$(CODEBENCH_PASSPHRASE='window passphrase' CODEBENCH_USER='Window Coder' cb --data "$winfolder" audit verify 2>&1)
  check "the window created its first user and holds the folder: the command line is refused ($out)" \
    contains "$out" 'Codebench is already open on this data folder'
  kill "$window" 2>/dev/null
  "$wineserver" -k 2>/dev/null
  wait "$window" 2>/dev/null
  kill "$xvfb" 2>/dev/null
  unset DISPLAY
else
  bad "the window: Xvfb and xdotool are missing (make deps installs them)"
fi

# ---------------------------------------------------------------- upgrade
section "upgrade and uninstall"
keys=$(sha256sum "$data/keys.json")
"$wine" "$setup" /S >/dev/null 2>&1
"$wineserver" -w 2>/dev/null
check "an upgrade keeps the data folder" test -f "$data/keys.json" -a "$(sha256sum "$data/keys.json")" = "$keys"
out=$(cb record list 2>&1)
check "the record opens after the upgrade" contains "$out" '1001'

# The uninstaller copies itself to the temporary folder and runs from
# there; wineserver -w waits for that copy too.
"$wine" "$instdir/Uninstall Codebench.exe" /S >/dev/null 2>&1
"$wineserver" -w 2>/dev/null
check "the uninstaller removed the program" test ! -e "$instdir"
check "the uninstaller removed the Start-menu entry" test ! -e "$lnk"
check "the uninstaller kept the data folder" test -f "$data/keys.json" -a "$(sha256sum "$data/keys.json" 2>/dev/null)" = "$keys" -a -d "$data/db"

section "done"
echo "windows: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
