#!/usr/bin/env bash
# Writes docs/screenshots/worklist.png and docs/screenshots/workspace.png:
# starts Xvfb, runs bin/codebench on a fresh temporary data folder (and
# fresh preferences), creates the first user, opens the made-up DEMO
# record, assigns a few codes and captures the screen. Needs Xvfb, xdotool
# and ImageMagick (`make deps` installs them). Build first: `make build`.
#
#   DISPLAY_NUM   X display to use (default 97)
#   WAIT_CODES    seconds to let the code sets load (default 40)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-./bin/codebench}
OUT=${OUT:-docs/screenshots}
DISP=":${DISPLAY_NUM:-97}"
WAIT_CODES=${WAIT_CODES:-40}
[ -x "$BIN" ] || { echo "screenshot: $BIN not found: run make build first" >&2; exit 1; }
for c in Xvfb xdotool import; do
  command -v "$c" >/dev/null || { echo "screenshot: $c is missing: run make deps" >&2; exit 1; }
done
mkdir -p "$OUT"
TMP=$(mktemp -d)
XPID=""; APID=""
cleanup() {
  if [ -n "$APID" ]; then kill "$APID" 2>/dev/null || true; wait "$APID" 2>/dev/null || true; fi
  if [ -n "$XPID" ]; then kill "$XPID" 2>/dev/null || true; wait "$XPID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

Xvfb "$DISP" -screen 0 1280x800x24 -nolisten tcp >"$TMP/xvfb.log" 2>&1 &
XPID=$!
sleep 1
export DISPLAY="$DISP" LIBGL_ALWAYS_SOFTWARE=1 LANG=${LANG:-en_US.UTF-8}
# Fresh preferences too, so window geometry and splits are the defaults.
HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" "$BIN" --data "$TMP/data" >"$TMP/app.log" 2>&1 &
APID=$!

shot() { sleep "${2:-1}"; import -window root "$OUT/$1"; echo "wrote $OUT/$1"; }
type_() { xdotool type --delay 15 "$1"; }

for i in $(seq 1 40); do
  xdotool search --name '^Codebench$' >/dev/null 2>&1 && break
  sleep 0.5
done
sleep 3
# First run: create the first user (focus starts in the name box).
type_ "Demo Coder"; xdotool key Tab
type_ "demo passphrase 1"; xdotool key Tab
type_ "demo passphrase 1"; xdotool key Return
sleep 3
# The empty worklist offers the demo record.
xdotool mousemove 155 402 click 1
sleep "$WAIT_CODES"
shot worklist.png 1
# Search and assign from the keyboard: Ctrl+F, type, Enter.
for q in "J18.9" "E11.22" "N18.31" "I12.9" "Z79.4"; do
  xdotool key ctrl+f
  type_ "$q"
  sleep 2
  xdotool key Return
  sleep 2
done
xdotool key ctrl+f
type_ "diabetes chronic kidney"
sleep 3
xdotool key ctrl+1
shot workspace.png 2
if grep -qi "panic" "$TMP/app.log"; then
  cat "$TMP/app.log" >&2
  exit 1
fi
