#!/usr/bin/env bash
# Installs the Debian packages tarn needs to build and test, only those missing.
set -euo pipefail
packages=(g++ cmake make ccache pkg-config zlib1g-dev libzstd-dev libre2-dev libedit-dev
          libsnappy-dev liblz4-dev libsimdjson-dev libgtest-dev googletest sqlite3 zstd gzip python3
          clang libclang-rt-14-dev libsqlite3-dev libpq-dev postgresql)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "tarn: installing missing Debian packages: ${missing[*]}"
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
