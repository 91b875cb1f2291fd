#!/usr/bin/env bash
# Builds the dblab Debian package from a built jar: build-deb.sh JAR OUT_DIR
# Prints the package's path. Run through `./dblab package`, which builds the jar first.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
JAR="$1"
OUT_DIR="$2"

# 0.1.0-SNAPSHOT becomes 0.1.0~SNAPSHOT, which Debian sorts before the release 0.1.0
version="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -n 1 | tr - '~')"
[[ -n "$version" ]] || { echo "build-deb: no <version> in $ROOT/pom.xml" >&2; exit 1; }

stage="$(mktemp -d "${TMPDIR:-/tmp}/dblab-deb.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"

install -D -m 0755 "$ROOT/dblab" "$stage/usr/bin/dblab"
install -D -m 0644 "$JAR" "$stage/usr/share/dblab/dblab.jar"
install -D -m 0644 "$HERE/dblab-engine.service" "$stage/lib/systemd/system/dblab-engine.service"
install -D -m 0644 "$ROOT/configs/server.example.yml" "$stage/etc/dblab/server.yml"
install -D -m 0644 "$HERE/deb/copyright" "$stage/usr/share/doc/dblab/copyright"
for doc in operations configuration api security; do
    install -m 0644 "$ROOT/docs/$doc.md" "$stage/usr/share/doc/dblab/"
done

install -d -m 0755 "$stage/DEBIAN"
install -m 0644 "$HERE/deb/conffiles" "$stage/DEBIAN/conffiles"
for script in postinst prerm postrm; do
    install -m 0755 "$HERE/deb/$script" "$stage/DEBIAN/$script"
done
size_kib="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size_kib/" "$HERE/deb/control" >"$stage/DEBIAN/control"

mkdir -p "$OUT_DIR"
deb="$OUT_DIR/dblab_${version}_all.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
