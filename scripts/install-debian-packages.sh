#!/usr/bin/env bash
# Installs the Debian packages the real-VS-Code harness and the demo need, if any is missing:
# chromium (plays the VS Code window), ripgrep (VS Code's search binary), libkrb5-dev, pkg-config,
# build-essential and python3 (code-server's native modules), python3-requests (the transfer
# benchmark's peer script), unzip, postgresql and postgresql-client (the emulator's data plane:
# throwaway clusters per branch; psql for Open psql and the data-plane tests). Idempotent; needs
# root or password-less sudo to install.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
PKGS=(chromium git libkrb5-dev pkg-config ripgrep build-essential python3 python3-requests unzip postgresql postgresql-client)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "[deps] not a Debian-based system: install ${PKGS[*]} (or their equivalents) yourself"
  exit 0
fi
MISSING=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then MISSING+=("$p"); fi
done
if [ ${#MISSING[@]} -eq 0 ]; then
  echo "[deps] Debian packages all present: ${PKGS[*]}"
  exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=(); elif sudo -n true 2>/dev/null; then SUDO=(sudo -n); else
  echo "[deps] missing Debian packages: ${MISSING[*]}. Install them with:"
  echo "  sudo apt-get update && sudo apt-get install -y ${MISSING[*]}"
  exit 1
fi
echo "[deps] installing Debian packages: ${MISSING[*]}"
log=$(mktemp)
if ! { "${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" apt-get install -y -qq "${MISSING[@]}"; } < /dev/null > "$log" 2>&1; then
  tail -50 "$log"
  exit 1
fi
echo "[deps] installed: ${MISSING[*]}"
