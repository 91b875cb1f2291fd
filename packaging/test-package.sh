#!/usr/bin/env bash
# The Debian package's test, run by `./dblab test` after Maven: builds the package, installs it on
# this machine, checks its files, starts the engine as dblab-engine.service does (its ExecStart,
# EnvironmentFile and NoNewPrivileges, as root) with a test configuration on a btrfs pool on a loop
# device, checks /healthz, stops it, purges the package and checks that nothing is left.
# Needs root and a machine without the dblab package; otherwise it is skipped, or fails under
# DBLAB_REQUIRE_ALL=1. Cleans up everything it made, also when it fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
UNIT=/lib/systemd/system/dblab-engine.service
CONFIG=/etc/dblab/server.yml
PORT_FROM=19890
PORT_TO=19894

say() { echo "package test: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
skip() {
  if [[ "${DBLAB_REQUIRE_ALL:-0}" == 1 ]]; then
    fail "DBLAB_REQUIRE_ALL=1 but $1"
  fi
  say "skipped: $1"
  exit 0
}

[[ $EUID -eq 0 ]] || skip "it needs root (dpkg -i, loop devices)"
for tool in dpkg-deb mkfs.btrfs losetup curl; do
  command -v "$tool" >/dev/null || skip "$tool is not installed"
done
if dpkg -s dblab >/dev/null 2>&1; then
  skip "the dblab package is installed on this machine; the test would remove it"
fi

work="$(mktemp -d /tmp/dblab-pkgtest.XXXXXX)"
chmod 0755 "$work"   # the postgres user must reach the pool below it
engine_pid=""
var_lib_existed=0
[[ -e /var/lib/dblab ]] && var_lib_existed=1

cleanup() {
  set +e
  if [[ -n "$engine_pid" ]] && kill -0 "$engine_pid" 2>/dev/null; then
    kill "$engine_pid"; wait "$engine_pid"
  fi
  if mountpoint -q "$work/mnt/pool1"; then umount "$work/mnt/pool1"; fi
  losetup -j "$work/pool1.img" -O NAME -n | xargs -r -n1 losetup -d
  if dpkg -s dblab >/dev/null 2>&1; then dpkg --purge dblab >/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

deb="$("$ROOT/dblab" package)"
say "built $deb"
dpkg-deb -f "$deb" Depends | grep -q 'btrfs-progs' || fail "Depends lacks btrfs-progs"
dpkg-deb -f "$deb" Depends | grep -q 'postgresql-15 | postgresql' || fail "Depends lacks the PostgreSQL server"
dpkg-deb -f "$deb" Depends | grep -q 'java17-runtime-headless' || fail "Depends lacks a Java 17 runtime"

dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg -i"; }
for file in /usr/bin/dblab /usr/share/dblab/dblab.jar "$UNIT" "$CONFIG" /usr/share/doc/dblab/operations.md; do
  [[ -f "$file" ]] || fail "$file is not installed"
done
grep -qx "$CONFIG" /var/lib/dpkg/info/dblab.conffiles || fail "$CONFIG is not a conffile"
[[ "$(stat -c %a /etc/dblab/engine.env)" == 600 ]] || fail "/etc/dblab/engine.env is not mode 0600"
grep -q '^DBLAB_VERIFICATION_TOKEN=[0-9a-f]\{48\}$' /etc/dblab/engine.env || fail "engine.env has no token"
# installed, nothing runs: the service is not started on install
pgrep -f "dblab.jar engine run" >/dev/null && fail "an engine was started on install"
dpkg --configure -a >/dev/null   # postinst again: idempotent
/usr/bin/dblab --version >/dev/null || fail "the installed dblab does not run"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "$UNIT" 2>"$work/verify.log" || { cat "$work/verify.log" >&2; fail "systemd-analyze verify"; }
  # an unknown or misspelt option is only a warning to systemd, and would silently not apply
  ! grep -i 'unknown\|ignoring' "$work/verify.log" >&2 || fail "systemd-analyze verify warned about the unit"
fi

# the test's configuration in place of the example (a conffile the purge removes)
api_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat >"$CONFIG" <<YAML
server:
  port: $api_port
  verificationToken: \${DBLAB_VERIFICATION_TOKEN}
poolManager:
  mountDir: $work/mnt
  pools:
    - name: pool1
      provider: btrfs
      imageFile: $work/pool1.img
      size: 256MiB
      unmountOnStop: true
provision:
  portPool: {from: $PORT_FROM, to: $PORT_TO}
retrieval:
  mode: none
YAML

# ExecStart and EnvironmentFile from the unit, as systemd runs them
exec_start="$(sed -n 's/^ExecStart=//p' "$UNIT")"
env_file="$(sed -n 's/^EnvironmentFile=-\{0,1\}//p' "$UNIT")"
wrapper=()
grep -qx 'NoNewPrivileges=yes' "$UNIT" && wrapper=(setpriv --no-new-privs)
read -r -a command <<<"$exec_start"
if [[ ${#wrapper[@]} -gt 0 ]]; then
  # what clones need beyond this test's /healthz, under the unit's no_new_privs: PostgreSQL as the
  # postgres user, a clone's own uid, a user namespace for ID-mapped mounts
  "${wrapper[@]}" runuser -u postgres -- true || fail "runuser does not work with NoNewPrivileges=yes"
  "${wrapper[@]}" setpriv --reuid=$((1879048192 + PORT_FROM)) --regid=$((1879048192 + PORT_FROM)) --clear-groups true \
    || fail "setpriv does not work with NoNewPrivileges=yes"
  "${wrapper[@]}" unshare --user true || fail "unshare --user does not work with NoNewPrivileges=yes"
fi
(set -a; . "$env_file"; exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
  DBLAB_VERIFICATION_TOKEN="$DBLAB_VERIFICATION_TOKEN" "${wrapper[@]}" "${command[@]}") \
  >"$work/engine.log" 2>&1 &
engine_pid=$!

healthy=0
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$api_port/healthz" >"$work/healthz.json" 2>/dev/null; then healthy=1; break; fi
  kill -0 "$engine_pid" 2>/dev/null || break
  sleep 0.5
done
[[ $healthy == 1 ]] || { cat "$work/engine.log" >&2; fail "the engine did not answer /healthz"; }
grep -q '"edition":"community"' "$work/healthz.json" || fail "unexpected /healthz: $(cat "$work/healthz.json")"
token="$(sed -n 's/^DBLAB_VERIFICATION_TOKEN=//p' /etc/dblab/engine.env)"
curl -fsS -H "Verification-Token: $token" "http://127.0.0.1:$api_port/status" >/dev/null \
  || fail "/status refused the token from engine.env"
mountpoint -q "$work/mnt/pool1" || fail "the pool is not mounted"

# systemd stops the service with SIGTERM to the main process (KillMode=process)
kill -TERM "$engine_pid"
wait "$engine_pid" || true
engine_pid=""
mountpoint -q "$work/mnt/pool1" && fail "the pool is still mounted after the engine stopped"
[[ -z "$(losetup -j "$work/pool1.img")" ]] || fail "the loop device is still attached"

dpkg --purge dblab >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg --purge"; }
for path in /usr/bin/dblab /usr/share/dblab "$UNIT" /etc/dblab /usr/share/doc/dblab /var/lib/dpkg/info/dblab.list; do
  [[ ! -e "$path" ]] || fail "$path is left after the purge"
done
if [[ $var_lib_existed == 0 && -e /var/lib/dblab ]]; then
  fail "/var/lib/dblab is left after the purge"
fi
say "passed"
