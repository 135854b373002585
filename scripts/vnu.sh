#!/usr/bin/env bash
# Validate every HTML file under a site directory with the Nu Html Checker (vnu-jar from web/node_modules,
# run on the system Java >= 11). Prints errors in GNU format ("file":line.col-line.col: error: message)
# on stdout and exits non-zero if there is any error (warnings are not reported: --errors-only).
#   usage: scripts/vnu.sh <site-dir> [extra vnu options...]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/web/node_modules/vnu-jar/build/dist/vnu.jar"

if [ $# -lt 1 ]; then
  echo "usage: $0 <site-dir> [extra vnu options...]" >&2
  exit 2
fi
site="$1"; shift
if [ ! -d "$site" ]; then echo "vnu.sh: not a directory: $site" >&2; exit 2; fi
if [ ! -f "$JAR" ]; then echo "vnu.sh: $JAR missing; run scripts/install-test-tools.sh" >&2; exit 2; fi
command -v java >/dev/null 2>&1 || { echo "vnu.sh: java missing; run scripts/install-test-tools.sh" >&2; exit 2; }

n_html="$(find "$site" -type f \( -name '*.html' -o -name '*.htm' \) | wc -l)"
start=$(date +%s.%N)
# vnu writes its messages to stderr; merge them into stdout so CI logs and pipes see them.
set +e
out="$(java -jar "$JAR" --errors-only --skip-non-html --format gnu "$@" "$site" 2>&1)"
rc=$?
set -e
secs="$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
n_err="$(printf '%s\n' "$out" | grep -c ': error: ' || true)"
if [ -n "$out" ]; then printf '%s\n' "$out"; fi
if [ "$rc" -ne 0 ] || [ "$n_err" -gt 0 ]; then
  echo "vnu: FAILED: $n_err error(s) in $site ($n_html html file(s), ${secs} s, exit $rc)"
  [ "$rc" -ne 0 ] && exit "$rc" || exit 1
fi
echo "vnu: ok: $n_html html file(s) in $site valid (${secs} s)"
