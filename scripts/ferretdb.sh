#!/usr/bin/env bash
# Installs FerretDB 1.24 (MongoDB wire protocol over SQLite) into .tools/bin for tests and the
# embedded local default. Built from the Go module proxy, from a copy of the module with the
# generated build/version/version.txt its main package insists on (the module lacks it) and the
# patches in scripts/ferretdb/ (upstream 1.x is no longer maintained; 2.x moved to PostgreSQL),
# each applied in order and failing the build if it does not apply:
#  - id-index.patch: `_id` lookups use the `_id` index (stock 1.24 wrote the lookup unlike the
#    index, so every find, update and delete by `_id` scanned the whole collection);
#  - filter-pushdown.patch: `_id: {$in: [...]}` and top-level equalities on strings, ObjectIDs
#    and booleans reach SQLite (and its indexes) instead of FerretDB decoding every document.
# Why and figures: each patch's header and bench/README.md; tests: test/oidc/ferretdb-id-index.test.ts
# and test/db/ferretdb-pushdown.test.ts. Changing a patch means bumping BUILD, so installs rebuild.
set -euo pipefail
VERSION=v1.24.2
BUILD="$VERSION+vigil.2"
PATCHES=(id-index filter-pushdown)
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/.tools/bin/ferretdb"
# Not the `ferretdb.build` of builds before vigil.2: a checkout of an older commit sharing this
# .tools/bin then finds its own stamp and uses this build instead of rebuilding its own over it.
STAMP="$BIN.stamp"

# No `cmd | grep -q` / `| head` here: under pipefail the reader's early exit makes the writer die
# of SIGPIPE and the whole pipeline fail, at random (it sent CI into a rebuild that "failed").
installed_version() { "$BIN" --version 2>/dev/null || true; }
if [[ -x "$BIN" ]] && [[ "$(cat "$STAMP" 2>/dev/null)" == "$BUILD" ]] && [[ "$(installed_version)" == *"version: $VERSION"* ]]; then
  exit 0
fi
command -v go >/dev/null || { echo "ferretdb: Go is required to build FerretDB (or set MONGODB_URI)" >&2; exit 1; }
echo "ferretdb: building $VERSION into .tools/bin (first run only)" >&2
DIR="$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
[[ -n "$DIR" ]] || { echo "ferretdb: go mod download failed" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK" "$BIN.tmp.$$"' EXIT
cp -r "$DIR" "$WORK/src"
chmod -R u+w "$WORK/src"
echo "$VERSION" > "$WORK/src/build/version/version.txt"
for patch in "${PATCHES[@]}"; do
  # The ceiling keeps git from taking an enclosing repository for the copy's.
  (cd "$WORK/src" && GIT_CEILING_DIRECTORIES="$WORK" git apply "$ROOT/scripts/ferretdb/$patch.patch") \
    || { echo "ferretdb: scripts/ferretdb/$patch.patch does not apply to FerretDB $VERSION" >&2; exit 1; }
done
mkdir -p "$ROOT/.tools/bin"
(cd "$WORK/src" && go build -trimpath -o "$BIN.tmp.$$" ./cmd/ferretdb)
mv "$BIN.tmp.$$" "$BIN"
echo "$BUILD" > "$STAMP"
version_text="$(installed_version)"
echo "${version_text%%$'\n'*}" >&2
