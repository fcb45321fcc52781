#!/usr/bin/env bash
# Runs a command in another supported Debian stack: a chroot made with debootstrap from Debian's
# own packages (root only; Debian or Ubuntu host). The chroot is kept in a cache folder outside
# the checkout ($LULC_STACK_CACHE, default /var/cache/lulc) and rebuilt only when it is missing or
# when the package list (scripts/apt-packages.txt) or its BUILD number changes. The checkout is bound
# into it at /src; the stack's venv and QGIS profile stay in the chroot (/root/lulc-venv).
#
#   bash scripts/stack.sh trixie                      # the whole test suite there
#   bash scripts/stack.sh trixie bash scripts/demo.sh # any command, run from /src
#
# Supported suites: bookworm (Debian 12, QGIS 3.22), trixie (Debian 13, QGIS 3.40 LTR),
# sid (QGIS 3.44 LTR; not part of CI).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
SUITE="${1:?usage: stack.sh SUITE [command ...]}"
shift
case "$SUITE" in bookworm | trixie | sid) ;; *)
  echo "stack.sh: unknown suite '$SUITE' (bookworm, trixie or sid)" >&2; exit 2 ;;
esac
if [ "$(id -u)" -ne 0 ]; then
  echo "stack.sh: building and entering a chroot needs root; run it with sudo." >&2
  exit 2
fi
CACHE="${LULC_STACK_CACHE:-/var/cache/lulc}"
DIR="$CACHE/$SUITE"
mapfile -t PACKAGES < <(sed -e 's/#.*//' -e '/^\s*$/d' "$HERE/apt-packages.txt")
# Bump BUILD when the way a chroot is built changes; the package list is part of the stamp.
BUILD=1
STAMP="$( (cat "$HERE/apt-packages.txt"; echo "$BUILD") | sha256sum | cut -c1-16)-$SUITE"

# debian-archive-keyring: on Ubuntu, debootstrap needs it to check Debian's archive.
command -v debootstrap >/dev/null && [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    debootstrap debian-archive-keyring >/dev/null
}

# One run per stack at a time: runs share the chroot's mounts and venv.
mkdir -p "$CACHE"
exec 9>"$CACHE/$SUITE.lock"
flock 9

MOUNTED=()
unmount_all() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
    umount -l "${MOUNTED[i]}" 2>/dev/null || true
  done
  MOUNTED=()
}
trap unmount_all EXIT

remove_tree() {  # deletes a chroot, after unmounting whatever an interrupted run left mounted in it
  local mnt
  while read -r mnt; do umount -l "$mnt" 2>/dev/null || true; done < <(
    awk -v d="$1/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r)
  if awk -v d="$1/" 'index($2, d) == 1 {found=1} END {exit !found}' /proc/mounts; then
    echo "stack.sh: cannot unmount everything under $1; not deleting it." >&2
    exit 1
  fi
  rm -rf --one-file-system "$1"
}

enter() {  # mounts the kernel file systems and the machine's registry settings into chroot $1
  local root="$1"
  mkdir -p "$root/proc" "$root/dev" "$root/src" "$root/etc/ssl/certs" "$root/root/.config/pip"
  mountpoint -q "$root/proc" || { mount -t proc proc "$root/proc"; MOUNTED+=("$root/proc"); }
  mkdir -p "$root/sys"
  mountpoint -q "$root/sys" || { mount -t sysfs sysfs "$root/sys"; MOUNTED+=("$root/sys"); }
  mountpoint -q "$root/dev" || { mount --bind /dev "$root/dev"; MOUNTED+=("$root/dev"); }
  mountpoint -q "$root/dev/pts" || {
    mount -t devpts devpts "$root/dev/pts"; MOUNTED+=("$root/dev/pts"); }
  cp /etc/resolv.conf "$root/etc/" 2>/dev/null || true
  # Without the machine's registry settings pip in the chroot fails with certificate errors.
  [ -f /etc/pip.conf ] && cp /etc/pip.conf "$root/etc/"
  [ -f /root/.config/pip/pip.conf ] && cp /root/.config/pip/pip.conf "$root/root/.config/pip/"
  [ -f /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt \
    "$root/etc/ssl/certs/lulc-host-ca.crt"
  return 0
}

if [ "$(cat "$DIR/.lulc-stamp" 2>/dev/null)" != "$STAMP" ]; then
  echo "Building the $SUITE stack in $DIR (debootstrap and ${#PACKAGES[@]} Debian packages)"
  NEW="$DIR.new"
  remove_tree "$NEW"
  debootstrap --variant=minbase "$SUITE" "$NEW" http://deb.debian.org/debian >"$CACHE/$SUITE.log" \
    2>&1 || { tail -n 20 "$CACHE/$SUITE.log" >&2; exit 1; }
  enter "$NEW"
  if [ "$SUITE" = sid ]; then
    # The mirror can serve a sid Release file past its Valid-Until date (sid's is a week).
    echo 'Acquire::Check-Valid-Until "false";' >"$NEW/etc/apt/apt.conf.d/99lulc-valid-until"
  fi
  chroot "$NEW" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    bash -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends \
      ca-certificates ${PACKAGES[*]} >/dev/null" >>"$CACHE/$SUITE.log" 2>&1 || {
    tail -n 20 "$CACHE/$SUITE.log" >&2; exit 1; }
  unmount_all
  echo "$STAMP" >"$NEW/.lulc-stamp"
  remove_tree "$DIR"
  mv "$NEW" "$DIR"
fi

enter "$DIR"
# The stack's name in test reports (scripts/test.sh reads it).
case "$SUITE" in bookworm) echo debian-12 ;; trixie) echo debian-13 ;; *) echo "debian-$SUITE" ;; esac \
  >"$DIR/.lulc-chroot"
# The host's CA bundle is trusted beside Debian's (pip's registry settings may point to it).
if [ -f "$DIR/etc/ssl/certs/lulc-host-ca.crt" ]; then
  cp "$DIR/etc/ssl/certs/lulc-host-ca.crt" "$DIR/etc/ssl/certs/ca-certificates.crt"
fi
mount --bind "$ROOT" "$DIR/src"
MOUNTED+=("$DIR/src")
XSTACK=""
if [ -n "${LULC_XSTACK_DIR:-}" ]; then  # where the stacks exchange model files (tests/crossstack)
  mkdir -p "$LULC_XSTACK_DIR" "$DIR/xstack"
  mount --bind "$LULC_XSTACK_DIR" "$DIR/xstack"
  MOUNTED+=("$DIR/xstack")
  XSTACK=/xstack
fi
if (($# == 0)); then set -- bash scripts/test.sh; fi
# A clean environment: the host's venv, PYTHONPATH or PROJ_DATA must not leak in.
set +e
chroot "$DIR" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  LANG=C.UTF-8 CI="${CI:-}" LULC_VENV=/root/lulc-venv LULC_STACKS=native \
  LULC_XSTACK_DIR="$XSTACK" LULC_XSTACK_EXPECT="${LULC_XSTACK_EXPECT:-}" \
  bash -c 'cd /src && exec "$@"' bash "$@"
rc=$?
set -e
exit $rc
