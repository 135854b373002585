#!/usr/bin/env bash
# Install the tools the browser/validator quality gates need, and only what is missing:
#   - Debian chromium (/usr/bin/chromium)         via apt-get   (only if /usr/bin/chromium is missing)
#   - a Java runtime for the Nu Html Checker      via apt-get   (only if `java` is missing; vnu needs >= 11)
#   - pdftotext (poppler-utils), for the print check    via apt-get   (only if `pdftotext` is missing)
#   - web/node_modules (playwright-core, axe-core, vnu-jar) via `npm ci` (only if missing or stale)
# Idempotent: a second run does nothing and prints "ok" lines. Meant for Debian 12, run as root
# (or with passwordless sudo). Node.js >= 20 and npm must already be installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEB="$ROOT/web"
export DEBIAN_FRONTEND=noninteractive

log() { printf '[install-test-tools] %s\n' "$*"; }
now() { date +%s; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -E"; fi
fi

apt_pkgs=()
if [ -x /usr/bin/chromium ]; then
  log "ok: chromium present ($(/usr/bin/chromium --version 2>/dev/null | tail -n1))"
else
  apt_pkgs+=(chromium)
fi
if command -v java >/dev/null 2>&1; then
  log "ok: java present ($(java -version 2>&1 | head -n1))"
else
  apt_pkgs+=(default-jre-headless)
fi

if command -v pdftotext >/dev/null 2>&1; then
  log "ok: pdftotext present"
else
  apt_pkgs+=(poppler-utils)
fi

if [ "${#apt_pkgs[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    log "error: need root (or sudo) to apt-get install ${apt_pkgs[*]}" >&2
    exit 1
  fi
  t0=$(now)
  log "apt-get update"
  $SUDO apt-get update -q
  log "apt-get install -y ${apt_pkgs[*]}"
  # chromium's recommended packages include fonts that axe colour-contrast and screenshots rely on,
  # so recommends are kept (this matches what stack.md measured).
  $SUDO apt-get install -y -q "${apt_pkgs[@]}"
  log "apt-get done in $(( $(now) - t0 )) s"
fi

command -v node >/dev/null 2>&1 || { log "error: node (>= 20) is required" >&2; exit 1; }
command -v npm  >/dev/null 2>&1 || { log "error: npm is required" >&2; exit 1; }
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  log "error: node >= 20 required (playwright-core), found $(node --version)" >&2
  exit 1
fi

# web/node_modules is stale when the lockfile changed since the last `npm ci`.
# We record the lockfile's hash in node_modules/.gates-lock.sha256 after a successful install.
stamp="$WEB/node_modules/.gates-lock.sha256"
want="$(sha256sum "$WEB/package-lock.json" | cut -d' ' -f1)"
have="$(cat "$stamp" 2>/dev/null || true)"
if [ -d "$WEB/node_modules" ] && [ "$want" = "$have" ] \
   && [ -f "$WEB/node_modules/vnu-jar/build/dist/vnu.jar" ] \
   && [ -f "$WEB/node_modules/axe-core/axe.min.js" ] \
   && [ -d "$WEB/node_modules/playwright-core" ]; then
  log "ok: web/node_modules up to date"
else
  t0=$(now)
  log "npm ci in web/ (node_modules missing or stale)"
  # --ignore-scripts: vnu-jar's postinstall would download a JRE from GitHub; the system Java is used.
  (cd "$WEB" && npm ci --ignore-scripts --no-audit --no-fund)
  printf '%s\n' "$want" > "$stamp"
  log "npm ci done in $(( $(now) - t0 )) s"
fi

log "all test tools present"
