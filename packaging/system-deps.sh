#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Dossier needs that are missing: what Qt's xcb and
# offscreen platforms load, a virtual screen for headless runs, and poppler for PDF checks.
# Does nothing when all are present; uses sudo when not run as root.
set -euo pipefail

PACKAGES=(
  python3-venv
  xvfb xauth x11-utils
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-randr0
  poppler-utils fonts-dejavu-core
)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: not a Debian/Ubuntu system; install Qt 6's runtime libraries yourself" >&2
  exit 0
fi

# LibreOffice Writer (about 85 MB to fetch, 260 MB installed) only lets a test open the Word
# export in a real word processor; that test is skipped without it. Opt in with
# DOSSIER_WITH_LIBREOFFICE=1.
if [ "${DOSSIER_WITH_LIBREOFFICE:-0}" = "1" ]; then
  PACKAGES+=(libreoffice-writer-nogui)
fi

# python3-venv only matters when the python3 on PATH is Debian's own.
if python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  PACKAGES=("${PACKAGES[@]/python3-venv}")
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  [ -n "$pkg" ] || continue
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
