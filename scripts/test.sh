#!/usr/bin/env bash
# Runs every test of trasparenza, as CI does on a fresh machine:
#   1. formatting and lints (cargo fmt, cargo clippy -D warnings)
#   2. cargo test (unit, integration, property, corpus, archive, preview, adoption, links)
#   3. quality gates on the site built from the shipped content, at the root and under a sub-path:
#      trasparenza check --links, Nu Html Checker, axe-core in headless Chromium (WCAG 2.1 AA),
#      keyboard reachability, reflow at 320 px and 200% zoom, print on A4 (the pages named below),
#      no third-party request, no cookie, screenshots written to artifacts/screenshots/ and PDFs of
#      the named pages to artifacts/pdf/
#   4. the search page in Chromium (web/search.mjs): results, labels, keyboard, axe-core
#   5. the self-test proving each gate can fail
# Installs what is missing (Debian chromium, Java, pinned npm packages). Exit non-zero on any failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
t0=$(date +%s)
step() { printf '\n=== %s (%ss) ===\n' "$*" "$(( $(date +%s) - t0 ))"; }

step "strumenti"
command -v cargo >/dev/null || { echo "cargo mancante: installare Rust (https://rustup.rs)" >&2; exit 1; }
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
bash scripts/install-test-tools.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo build --release"
cargo build --release --locked
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/trasparenza"

step "cargo clippy"
cargo clippy --release --locked --all-targets -- -D warnings

step "cargo test"
cargo test --release --locked --no-fail-fast

SITES="$(mktemp -d)"
trap 'rm -rf "$SITES"' EXIT

step "check dei contenuti"
"$BIN" check

step "contenuto sintetico del benchmark (examples/synth.rs): passa check"
cargo build --release --locked --example synth
"${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/synth" --objectives 200 --out "$SITES/sintetico" > /dev/null
"$BIN" check --contenuti "$SITES/sintetico" > /dev/null

step "build: radice e sotto-cartella"
# the root build is published at the root of a host, so the 404 page (absolute links) works in the gates
"$BIN" build --output "$SITES/root" --base-url "https://www.example.it/"
"$BIN" build --output "$SITES/sub" --base-url "https://www.example.it/amministrazione-trasparente/performance/"

step "check --links"
"$BIN" check --links "$SITES/root"
"$BIN" check --links "$SITES/sub"

step "Nu Html Checker"
bash scripts/vnu.sh "$SITES/root"

step "accessibilità, tastiera, reflow, stampa, terze parti, cookie (Chromium + axe-core)"
node web/gates.mjs --site "$SITES/root" --all -q \
  /=cruscotto \
  /piano-della-performance/=piano \
  /piano-della-performance/2022-2024/=piano-2022-2024 \
  /piano-della-performance/2022-2024/aree/1/=area \
  /piano-della-performance/2022-2024/obiettivi-strategici/1.6/=obiettivo-strategico \
  /piano-della-performance/2022-2024/obiettivi-operativi/1.6.1/=obiettivo-operativo \
  /piano-della-performance/2022-2024/obiettivi-individuali/=obiettivi-individuali \
  /piano-della-performance/2022-2024/obiettivi-comuni/=obiettivi-comuni \
  /piano-della-performance/obiettivi-operativi/1.6.1/=pagina-spostata \
  /monitoraggio/2022-S1/=monitoraggio \
  /relazione-sulla-performance/=sezione-vuota \
  /benessere-organizzativo/=benessere-organizzativo \
  /archivio/=archivio \
  /cerca/=cerca \
  /404.html=404
node web/gates.mjs --site "$SITES/sub" -q / /benessere-organizzativo/ /piano-della-performance/2022-2024/obiettivi-operativi/1.6.1/ /monitoraggio/2022-S1/ /cerca/

step "ricerca: indice, risultati, tastiera, axe-core (Chromium), radice e sotto-cartella"
node web/search.mjs --site "$SITES/root"
node web/search.mjs --site "$SITES/sub" --prefix /amministrazione-trasparente/performance/

step "esempio completo di init (fittizio): due piani, PIAO, fine anno, relazione"
"$BIN" init --completo "$SITES/esempio"
"$BIN" check --content "$SITES/esempio/content"
"$BIN" build --content "$SITES/esempio/content" --theme themes/default --output "$SITES/esempio-sito" --base-url "https://www.example.it/"
"$BIN" check --links "$SITES/esempio-sito"
bash scripts/vnu.sh "$SITES/esempio-sito"
node web/gates.mjs --site "$SITES/esempio-sito" --all -q \
  /piano-della-performance/=esempio-piano-in-vigore \
  /piano-della-performance/2025-2027/=esempio-piano-precedente \
  /piano-della-performance/2026-2028/obiettivi-strategici/1.1/=esempio-obiettivo-piao \
  /monitoraggio/2025-S2/=esempio-fine-anno \
  /monitoraggio/=esempio-monitoraggi \
  /ammontare-complessivo-dei-premi/=esempio-premi-ammontare \
  /dati-relativi-ai-premi/=esempio-premi-dati \
  /relazione-sulla-performance/=esempio-relazioni \
  /autoverifica/=esempio-autoverifica \
  /relazione-sulla-performance/2025/=esempio-relazione \
  /cerca/=esempio-cerca

step "autotest dei controlli"
bash scripts/gates-selftest.sh

step "tutto superato in $(( $(date +%s) - t0 )) s"
