#!/usr/bin/env bash
# Builds trasparenza.exe for Windows (x86_64-pc-windows-gnu, cross-compiled with mingw-w64) and
# runs the real .exe under Wine as a body would on its PC, with only the .exe in a folder:
#   tema predefinito incluso: init → check → check da dentro content/ → build → archive → archive --verify
#   fogli di calcolo: esporta → .xlsx identico; importa del foglio scritto dall'altro sistema
#   contenuti inclusi (Brindisi): build
# then compares each site with the Linux build's, byte for byte. Exit non-zero on any difference.
# Installs what is missing: Debian's gcc-mingw-w64-x86-64 and wine64, the Rust target.
#
# Wine 8 (Debian 12) lacks ProcessPrng in bcryptprimitives.dll, where Rust's standard library
# takes its random bytes: a stand-in DLL built here from a few lines of C (it calls advapi32's
# RtlGenRandom) is put beside the .exe. Windows 10 and 11 have the real one; it is not shipped.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET=x86_64-pc-windows-gnu
t0=$(date +%s)
# the same instant for both systems: archive dates and the workbook's creation time
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$t0}"
step() { printf '\n=== %s (%ss) ===\n' "$*" "$(( $(date +%s) - t0 ))"; }

step "strumenti"
missing=()
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64)
[ -x /usr/lib/wine/wine64 ] || missing+=(wine64)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
rustup target list --installed | grep -qx "$TARGET" || rustup target add "$TARGET"

step "cargo build --release (Linux e Windows)"
cargo build --release --locked
cargo build --release --locked --target "$TARGET"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
LINUX_BIN="$TARGET_DIR/release/trasparenza"
EXE="$TARGET_DIR/$TARGET/release/trasparenza.exe"
ls -l "$EXE"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

step "bcryptprimitives.dll sostitutiva per Wine"
cat >"$WORK/prng.c" <<'EOF'
/* ProcessPrng (Windows 10+), missing from Wine 8: the same random bytes from RtlGenRandom. */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
EOF
x86_64-w64-mingw32-gcc -shared -O2 -o "$WORK/bcryptprimitives.dll" "$WORK/prng.c" -ladvapi32

# The Windows folder: only the .exe (and, for Wine, the stand-in DLL).
mkdir -p "$WORK/win" "$WORK/linux"
cp "$EXE" "$WORK/bcryptprimitives.dll" "$WORK/win/"
cp "$LINUX_BIN" "$WORK/linux/"

step "Wine: prefisso nuovo"
export WINEARCH=win64 WINEPREFIX="$WORK/wineprefix" WINEDEBUG=-all
WINE=/usr/lib/wine/wine64
"$WINE" wineboot --init >/dev/null 2>&1
win() { (cd "$1" && shift && "$WINE" "$WORK/win/trasparenza.exe" "$@"); }
lin() { (cd "$1" && shift && "$WORK/linux/trasparenza" "$@"); }

step "Windows: init, check, build, archive"
win "$WORK/win" init nuovo-ente
win "$WORK/win/nuovo-ente" check
win "$WORK/win/nuovo-ente/content" check
win "$WORK/win/nuovo-ente" build
win "$WORK/win/nuovo-ente" archive 2025-S1
win "$WORK/win/nuovo-ente" archive --verify

step "Linux: gli stessi comandi"
lin "$WORK/linux" init nuovo-ente
lin "$WORK/linux/nuovo-ente" build
lin "$WORK/linux/nuovo-ente" archive 2025-S1

step "fogli di calcolo: esporta e importa (.xlsx), su Windows e su Linux"
# the workbook the office fills in: written by rust_xlsxwriter, read back by calamine
for os in win linux; do
  cp -r "$WORK/$os/nuovo-ente" "$WORK/$os/fogli"
done
win "$WORK/win/fogli" esporta 2025-S1
lin "$WORK/linux/fogli" esporta 2025-S1
# same entries, same bytes in each (the zip headers name the system that wrote them: fat, unx)
python3 - "$WORK/win/fogli/misure-2025-S1.xlsx" "$WORK/linux/fogli/misure-2025-S1.xlsx" <<'PY'
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:])
entries = lambda z: [(i.filename, z.read(i)) for i in z.infolist()]
if entries(a) != entries(b):
    sys.exit("il foglio esportato su Windows è diverso da quello di Linux")
print("foglio esportato: %d parti identiche" % len(a.infolist()))
PY
# each reads the workbook the other wrote; the values are those already in content/
win "$WORK/win/fogli" importa 2025-S1 ../../linux/fogli/misure-2025-S1.xlsx
lin "$WORK/linux/fogli" importa 2025-S1 ../../win/fogli/misure-2025-S1.xlsx
diff -r "$WORK/win/fogli/content" "$WORK/linux/fogli/content"
diff -r "$WORK/win/nuovo-ente/content" "$WORK/win/fogli/content"

step "contenuti inclusi, su Windows e su Linux"
for os in win linux; do
  mkdir -p "$WORK/$os/brindisi"
  cp -r content "$WORK/$os/brindisi/content"
done
win "$WORK/win/brindisi" build
lin "$WORK/linux/brindisi" build

step "confronto byte per byte"
diff -r "$WORK/win/nuovo-ente/public" "$WORK/linux/nuovo-ente/public"
diff -r "$WORK/win/nuovo-ente/archivio" "$WORK/linux/nuovo-ente/archivio"
diff -r "$WORK/win/brindisi/public" "$WORK/linux/brindisi/public"
n=$(find "$WORK/win/nuovo-ente/public" "$WORK/win/nuovo-ente/archivio" "$WORK/win/brindisi/public" "$WORK/win/fogli/content" -type f | wc -l)
echo "identici: $n file (sito e archivio di esempio, contenuti dopo l'importazione del foglio, sito dei contenuti inclusi) e il foglio esportato"

step "tutto superato in $(( $(date +%s) - t0 )) s"
