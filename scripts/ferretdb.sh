#!/usr/bin/env bash
# Installs FerretDB 1.24 (MongoDB wire protocol over SQLite) into .tools/bin for tests and the
# embedded local default. Built from the Go module proxy; the module ships without the generated
# build/version/version.txt its main package insists on, so we build from a copy that has it.
set -euo pipefail
VERSION=v1.24.2
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/.tools/bin/ferretdb"

if [[ -x "$BIN" ]] && "$BIN" --version 2>/dev/null | grep -q "version: $VERSION"; then
  exit 0
fi
command -v go >/dev/null || { echo "ferretdb: Go is required to build FerretDB (or set MONGODB_URI)" >&2; exit 1; }
echo "ferretdb: building $VERSION into .tools/bin (first run only)" >&2
DIR="$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
[[ -n "$DIR" ]] || { echo "ferretdb: go mod download failed" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp -r "$DIR" "$WORK/src"
chmod -R u+w "$WORK/src"
echo "$VERSION" > "$WORK/src/build/version/version.txt"
mkdir -p "$ROOT/.tools/bin"
(cd "$WORK/src" && go build -trimpath -o "$BIN.tmp" ./cmd/ferretdb)
mv "$BIN.tmp" "$BIN"
"$BIN" --version | head -1 >&2
