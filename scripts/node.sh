#!/usr/bin/env bash
# Prints the bin folder of the Node that sagaflow runs on, installing it first when needed.
# The version is .nvmrc's. A machine Node of that major version is used as it is; an
# older one is left alone, and the official binary comes from the npm registry (package
# node-linux-<arch>) into .tools/node-<version> inside the project: nothing system-wide.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*" >&2; }

wanted=$(tr -d ' \n' < .nvmrc)
major=${wanted%%.*}
machine_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$machine_major" = "$major" ]; then
  dirname "$(command -v node)"
  exit 0
fi

case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) say "no Node $wanted binary for $(uname -m) on npm: install Node $major yourself"; exit 1 ;;
esac
home=".tools/node-$wanted"
if [ ! -x "$home/bin/node" ]; then
  say "installing Node $wanted (node-linux-$arch from the npm registry) into $home; the machine has $(node --version 2>/dev/null || echo none)"
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  (cd "$scratch" && npm pack --silent "node-linux-$arch@$wanted" >/dev/null)
  mkdir -p "$scratch/unpacked"
  tar -xzf "$scratch"/node-linux-*.tgz -C "$scratch/unpacked"
  mkdir -p .tools
  rm -rf "$home"
  mv "$scratch/unpacked/package" "$home"
  "$home/bin/node" --version >/dev/null
fi
echo "$PWD/$home/bin"
