#!/usr/bin/env bash
# Measures Codebench's memory and start-up against the targets of issue 16,
# all in one run on this machine (make bench-memory):
#
#   1. a minimal Fyne "hello" window built from the same go.mod (the baseline);
#   2. Codebench at the sign-in screen (fresh data folder, first user not yet made);
#   3. Codebench signed in with the made-up DEMO record open and a search typed,
#      and the time from signing in to the code sets being ready (both read
#      off the status bar with tesseract, to within one look, ~0.2 s);
#   4. the CLI `codebench terms search heart attack` as a cold process, first run
#      on a new data folder and again, beside sqlite3 running the same words as an
#      FTS5 query over the FY2026 ICD-10-CM and ICD-10-PCS titles.
#
# Windows run under Xvfb with software GL. RSS is VmRSS from /proc/PID/status
# once it has settled; the CLI's is the peak (/usr/bin/time). Needs Xvfb,
# xdotool, ImageMagick, tesseract and sqlite3 (`make deps`).
#
#   BIN            codebench binary to measure (default: built into a temp folder)
#   HELLO          hello window binary (default: built from internal/tools/hellofyne)
#   CMS_DIR        official release files (default ../shared/terminology)
#   DISPLAY_NUM    X display (default 93)
#   HEAP_DIR       when set, heap profiles of the window at sign-in and with the
#                  demo open are written there (CODEBENCH_HEAP_PROFILE, SIGUSR1)
#   KEEP_SHOTS     when set, the screenshots are kept there
set -euo pipefail
cd "$(dirname "$0")/.."
CMS_DIR=${CMS_DIR:-../shared/terminology}
DISP=":${DISPLAY_NUM:-93}"
for c in Xvfb xdotool import tesseract sqlite3 /usr/bin/time; do
  command -v "$c" >/dev/null || { echo "memory: $c is missing: run make deps" >&2; exit 1; }
done
TMP=$(mktemp -d)
XPID=""; APID=""
cleanup() {
  for p in $APID $XPID; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

if [ -z "${BIN:-}" ]; then
  BIN="$TMP/codebench"
  go build -tags no_emoji -o "$BIN" . # as make build
fi
if [ -z "${HELLO:-}" ]; then
  HELLO="$TMP/hellofyne"
  go build -o "$HELLO" ./internal/tools/hellofyne
fi

Xvfb "$DISP" -screen 0 1280x800x24 -nolisten tcp >"$TMP/xvfb.log" 2>&1 &
XPID=$!
sleep 1
export DISPLAY="$DISP" LIBGL_ALWAYS_SOFTWARE=1 LANG=${LANG:-en_US.UTF-8}

rss() { awk '/^VmRSS:/ {print int($2/1024)}' "/proc/$1/status"; }
# settled waits until RSS changes by less than 2 MB over 3 s (at most 30 s)
# and prints it in MB.
settled() {
  local pid=$1 prev now i
  prev=$(rss "$pid"); sleep 3
  for i in $(seq 1 10); do
    now=$(rss "$pid")
    [ $((now - prev)) -lt 2 ] && [ $((prev - now)) -lt 2 ] && break
    prev=$now; sleep 3
  done
  echo "$now"
}
waitwin() {
  for _ in $(seq 1 60); do
    xdotool search --name "$1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "memory: window $1 did not appear" >&2; return 1
}
stopapp() { kill "$APID" 2>/dev/null || true; wait "$APID" 2>/dev/null || true; APID=""; }
heap() { # heap profile of the running app, when HEAP_DIR is set
  if [ -n "${HEAP_DIR:-}" ]; then
    kill -USR1 "$APID"; sleep 2
    mv "$TMP/heap/heap.pprof" "$HEAP_DIR/$1.pprof" && echo "heap profile: $HEAP_DIR/$1.pprof"
  fi
}
shot() { import -window root "$TMP/$1.png"; if [ -n "${KEEP_SHOTS:-}" ]; then mkdir -p "$KEEP_SHOTS"; cp "$TMP/$1.png" "$KEEP_SHOTS/"; fi; }
# status reads the status bar's right part (code-set state) with OCR.
status() {
  import -window root -crop 900x34+380+766 "$TMP/status.png" 2>/dev/null
  tesseract "$TMP/status.png" - 2>/dev/null | tr '\n' ' '
}
type_() { xdotool type --delay 15 "$1"; }

# 1. The hello window.
"$HELLO" >"$TMP/hello.log" 2>&1 &
APID=$!
waitwin '^Hello$'
HELLO_MB=$(settled "$APID")
stopapp

# 2. Codebench at the sign-in screen: fresh data folder and preferences.
mkdir -p "$TMP/heap"; [ -n "${HEAP_DIR:-}" ] && mkdir -p "$HEAP_DIR"
HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" CODEBENCH_HEAP_PROFILE="$TMP/heap" \
  "$BIN" --data "$TMP/data" >"$TMP/app.log" 2>&1 &
APID=$!
waitwin '^Codebench$'
SIGNIN_MB=$(settled "$APID")
shot signin
heap signin

# 3. Create the first user, time until the code sets are ready, open the demo
#    record, search.
sleep 1
type_ "Memory Coder"; xdotool key Tab
type_ "memory passphrase 1"; xdotool key Tab
type_ "memory passphrase 1"
T0=$(date +%s.%N)
xdotool key Return
# Signed in when the status bar names the user; ready when it names the
# code sets. Each look takes a screenshot and an OCR run (~0.2 s).
READY_S=""; SIGNED=""
for _ in $(seq 1 600); do
  s=$(status); now=$(date +%s.%N)
  if [ -z "$SIGNED" ] && echo "$s" | grep -q 'Signed in'; then SIGNED=$now; fi
  if echo "$s" | grep -q 'ICD-10'; then
    [ -n "$SIGNED" ] || SIGNED=$now
    READY_S=$(echo "$now - $SIGNED" | bc); break
  fi
done
UNLOCK_S=$(echo "${SIGNED:-$T0} - $T0" | bc)
shot signedin
# The empty worklist offers the demo record.
xdotool mousemove 155 402 click 1
sleep 4
xdotool key ctrl+f
type_ "heart attack"
sleep 4
shot demo
DEMO_MB=$(settled "$APID")
# Anonymous memory (the Go heap and the C side) and file pages (the binary,
# the memory-mapped index) separately: the first is what the process costs
# alone, the second the kernel can share and drop.
DEMO_SPLIT=$(awk '/^RssAnon:/ {a=int($2/1024)} /^RssFile:/ {f=int($2/1024)} END {print a " anon + " f " file"}' "/proc/$APID/status")
heap demo
stopapp

# 4. The CLI, first run on a new data folder and again, beside sqlite3.
cli() { /usr/bin/time -f '%M %e' -o "$TMP/time" "$BIN" --data "$TMP/cli" terms search heart attack >"$TMP/cli.out" 2>&1; read -r kb s <"$TMP/time"; echo "$((kb / 1024)) $s"; }
read -r CLI1_MB CLI1_S < <(cli)
read -r CLI2_MB CLI2_S < <(cli)
# FY2026 ICD-10-CM and ICD-10-PCS long titles in an FTS5 table.
{
  echo "CREATE VIRTUAL TABLE titles USING fts5(code UNINDEXED, title); BEGIN;"
  for z in "$CMS_DIR/icd10cm/cms_2026_dx.zip:icd10cm_order_2026.txt" "$CMS_DIR/icd10pcs/cms_2026_pr.zip:icd10pcs_order_2026.txt"; do
    unzip -p "${z%%:*}" "${z#*:}" | tr -d '\r' |
      awk '{ code=substr($0,7,7); gsub(/ /,"",code); t=substr($0,78); gsub(/\047/,"\047\047",t);
             printf "INSERT INTO titles VALUES(\047%s\047,\047%s\047);\n", code, t }'
  done
  echo "COMMIT;"
} | sqlite3 "$TMP/titles.db"
SQL="SELECT code, title FROM titles WHERE titles MATCH 'heart attack' ORDER BY rank LIMIT 20;"
sqlite3 "$TMP/titles.db" "$SQL" >/dev/null # page cache warm, as the CLI's second run
/usr/bin/time -f '%M %e' -o "$TMP/time" sqlite3 "$TMP/titles.db" "$SQL" >"$TMP/sql.out"
read -r kb SQL_S <"$TMP/time"; SQL_MB=$((kb / 1024))

if grep -qi panic "$TMP/app.log"; then cat "$TMP/app.log" >&2; exit 1; fi
verdict() { if [ "$(echo "$1 <= $2" | bc)" = 1 ]; then echo ok; else echo OVER; fi; }
echo
echo "Codebench memory and start-up (issue 16), $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null)"
printf '%-58s %8s  %-22s %s\n' "process" "RSS MB" "target" ""
printf '%-58s %8s  %-22s %s\n' "Fyne hello window (same Fyne version)" "$HELLO_MB" "baseline" ""
printf '%-58s %8s  %-22s %s\n' "Codebench at the sign-in screen" "$SIGNIN_MB" "<= hello+80 = $((HELLO_MB + 80))" "$(verdict "$SIGNIN_MB" $((HELLO_MB + 80)))"
printf '%-58s %8s  %-22s %s\n' "Codebench, demo record open, search typed" "$DEMO_MB" "<= hello+150 = $((HELLO_MB + 150))" "$(verdict "$DEMO_MB" $((HELLO_MB + 150)))"
printf '%-58s %8s  %-22s %s\n' "  of which anonymous + file-backed (MB)" "$DEMO_SPLIT" "" ""
printf '%-58s %8s  %-22s %s\n' "first start: Enter to signed in (first user made) (s)" "$UNLOCK_S" "" ""
printf '%-58s %8s  %-22s %s\n' "first start: signed in to code sets ready (s)" "${READY_S:-never}" "<= 1 s" "$(verdict "${READY_S:-999}" 1)"
printf '%-58s %8s  %-22s %s\n' "CLI terms search heart attack, new data folder (MB / s)" "$CLI1_MB / $CLI1_S" "<= 120 MB, <= 0.15 s" "$(verdict "$CLI1_MB" 120) $(verdict "$CLI1_S" 0.15)"
printf '%-58s %8s  %-22s %s\n' "CLI terms search heart attack, again (MB / s)" "$CLI2_MB / $CLI2_S" "<= 120 MB, <= 0.15 s" "$(verdict "$CLI2_MB" 120) $(verdict "$CLI2_S" 0.15)"
printf '%-58s %8s  %-22s %s\n' "sqlite3 FTS5 'heart attack' over FY2026 titles (MB / s)" "$SQL_MB / $SQL_S" "reference" ""
