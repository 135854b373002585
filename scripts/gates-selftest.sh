#!/usr/bin/env bash
# Self-test of the quality gates: proves each gate passes a clean page and fails a planted defect.
#   tests/gates/good-site  must pass web/gates.mjs and scripts/vnu.sh
#   tests/gates/bad-site   every page must fail with the expected rule named, and only with that check
#                          (print.html: a crushed column, a broken word, sheets without the page title)
# One browser launch per gates.mjs run (two runs in total). Exit 0 if every expectation holds.
# Output of each run is kept in artifacts/gates-selftest/ for inspection.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
GOOD="tests/gates/good-site"
BAD="tests/gates/bad-site"
OUT="$ROOT/artifacts/gates-selftest"
rm -rf "$OUT"
mkdir -p "$OUT"

failures=0
pass() { printf '  ok    %s\n' "$*"; }
fail() { printf '  FAIL  %s\n' "$*"; failures=$((failures + 1)); }
t_start=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }'; }

# expect_rc NAME WANT GOT
expect_rc() {
  if [ "$3" -eq "$2" ]; then pass "$1: exit $3"; else fail "$1: exit $3, expected $2"; fi
}
# expect_line FILE DESCRIPTION FIXED-STRING...  (all strings on one line of FILE)
expect_line() {
  local file="$1" what="$2"; shift 2
  local lines; lines="$(cat "$file")"
  for s in "$@"; do lines="$(printf '%s\n' "$lines" | grep -F -- "$s")"; done
  if [ -n "$lines" ]; then pass "$what"; else fail "$what (no line with: $*)"; fi
}
# expect_only_checks FILE PAGE CHECK...  (the page's FAIL lines name only these checks, and each of them)
expect_only_checks() {
  local file="$1" page="$2"; shift 2
  local got want
  got="$(grep -F -- "   FAIL $page " "$file" | awk '{print $3}' | tr -d ':' | sort -u | tr '\n' ' ')"
  want="$(printf '%s\n' "$@" | sort -u | tr '\n' ' ')"
  if [ "$got" = "$want" ]; then pass "$page fails exactly: ${want% }"
  else fail "$page fails checks [${got% }], expected [${want% }]"; fi
}

[ -f web/node_modules/playwright-core/package.json ] || { echo "run scripts/install-test-tools.sh first" >&2; exit 2; }

echo "== gates.mjs on $GOOD (must pass)"
t=$(date +%s.%N)
node web/gates.mjs --site "$GOOD" --all /=selftest-good --artifacts "$OUT/good" >"$OUT/good.log" 2>&1
rc=$?
sed 's/^/    | /' "$OUT/good.log"
expect_rc "gates good-site" 0 "$rc"
expect_line "$OUT/good.log" "good-site / passes" "== /  PASS"
expect_line "$OUT/good.log" "good-site /piano/ (directory index) passes" "== /piano/  PASS"
f="$OUT/good/pdf/selftest-good.pdf"
if [ -s "$f" ] && [ "$(head -c 5 "$f")" = "%PDF-" ]; then pass "pdf of the printed page written"
else fail "pdf $f missing or not a PDF"; fi
for s in 1280 375; do
  f="$OUT/good/screenshots/selftest-good-$s.png"
  if [ -s "$f" ] && [ "$(head -c 8 "$f" | od -An -c | tr -d ' \n')" = "211PNG\r\n032\n" ]; then pass "screenshot $s written"
  else fail "screenshot $f missing or not a PNG"; fi
done
echo "   ($(elapsed "$t"))"

echo "== gates.mjs on $BAD (every page must fail with the expected rule)"
t=$(date +%s.%N)
node web/gates.mjs --site "$BAD" --all /missing/ /print.html --artifacts "$OUT/bad" >"$OUT/bad.log" 2>&1
rc=$?
sed 's/^/    | /' "$OUT/bad.log"
expect_rc "gates bad-site" 1 "$rc"
L="$OUT/bad.log"
expect_line "$L" "axe: image-alt on /axe.html"               "FAIL /axe.html axe:" "axe violation image-alt"
expect_line "$L" "axe: color-contrast on /axe.html"          "FAIL /axe.html axe:" "axe violation color-contrast"
expect_only_checks "$L" /axe.html axe
expect_line "$L" "keyboard: unreachable tabindex=-1 link"    "FAIL /keyboard.html keyboard:" "unreachable" 'tabindex="-1"'
expect_only_checks "$L" /keyboard.html keyboard
expect_line "$L" "reflow: overflow at 320 px"                "FAIL /overflow.html reflow:" "reflow@320: horizontal overflow"
expect_line "$L" "reflow: overflow at 1280 px / 200% zoom"   "FAIL /overflow.html reflow:" "reflow@1280@200%: horizontal overflow"
expect_only_checks "$L" /overflow.html reflow
expect_line "$L" "network: third-party request"              "FAIL /thirdparty.html network:" "third-party request" "https://example.com/tracker.js"
expect_only_checks "$L" /thirdparty.html network
expect_line "$L" "cookies: cookie set"                       "FAIL /cookie.html cookies:" "cookie set: tracciamento"
expect_only_checks "$L" /cookie.html cookies
expect_line "$L" "print: crushed column on A4"               "FAIL /print.html print:" "print@A4: cell table th" "(< 4ch)"
expect_line "$L" "print: word broken inside a cell"           "FAIL /print.html print:" 'the word "Raggiungimento" is broken'
expect_line "$L" "print: sheets without the page's title"     "FAIL /print.html print:" "do not name the page's act and period" 'sheet 2 lacks the title "Pagina che si stampa male"'
expect_only_checks "$L" /print.html print
expect_line "$L" "http: missing page served as 404"          "FAIL /missing/ http:" "http status 404"
expect_only_checks "$L" /missing/ http
expect_line "$L" "404.html served as the body of the 404" "== /missing/  FAIL" "http 404; title \"Pagina non trovata"
expect_line "$L" "invalid.html passes the browser gates (vnu's job)" "== /invalid.html  PASS"
expect_line "$L" "404.html passes" "== /404.html  PASS"
echo "   ($(elapsed "$t"))"

echo "== vnu.sh on $GOOD (must pass)"
t=$(date +%s.%N)
scripts/vnu.sh "$GOOD" >"$OUT/vnu-good.log" 2>&1
rc=$?
sed 's/^/    | /' "$OUT/vnu-good.log"
expect_rc "vnu good-site" 0 "$rc"
echo "   ($(elapsed "$t"))"

echo "== vnu.sh on $BAD (must fail on invalid.html)"
t=$(date +%s.%N)
scripts/vnu.sh "$BAD" >"$OUT/vnu-bad.log" 2>&1
rc=$?
sed 's/^/    | /' "$OUT/vnu-bad.log"
if [ "$rc" -ne 0 ]; then pass "vnu bad-site: exit $rc (non-zero)"; else fail "vnu bad-site: exit 0, expected non-zero"; fi
expect_line "$OUT/vnu-bad.log" "vnu: unknown attribute in invalid.html" "invalid.html" ": error: " "frobnicate" "not allowed"
expect_line "$OUT/vnu-bad.log" "vnu: obsolete element in invalid.html"  "invalid.html" ": error: " "center" "obsolete"
echo "   ($(elapsed "$t"))"

echo
if [ "$failures" -eq 0 ]; then
  echo "gates-selftest: all expectations met ($(elapsed "$t_start"))"
  exit 0
fi
echo "gates-selftest: $failures expectation(s) NOT met ($(elapsed "$t_start")); logs in $OUT"
exit 1
