#!/usr/bin/env bash
# A Node base image for the Dockerfile built from what Debian provides, for machines that reach
# Debian's mirror and the npm registry but not Docker Hub (docs/decisions/0024-container.md):
# a minimal Debian (debootstrap --variant=minbase) plus this machine's own node and npm, and a
# `node` user (uid 1000) as in the official node images, and this machine's CA bundle (so npm inside
# a build trusts what the host trusts, a TLS-inspecting proxy included), imported into podman (or docker).
#   sudo scripts/container/debian-node-base.sh [IMAGE]    (default localhost/node:20-debian)
#   podman build --build-arg NODE_IMAGE=localhost/node:20-debian -t dingtalk-sandbox .
# Needs root, debootstrap and podman/docker. Takes ~3 minutes (mostly debootstrap's downloads).
set -euo pipefail
image=${1:-localhost/node:20-debian}
suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
engine=$(command -v podman || command -v docker || { echo "error: neither podman nor docker is installed; apt-get install podman" >&2; exit 1; })
command -v debootstrap >/dev/null || { echo "error: debootstrap is missing; apt-get install debootstrap" >&2; exit 1; }
node_bin=$(command -v node)
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")

rootfs=$(mktemp -d /tmp/debian-node-base.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >/dev/null
install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules"
cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
ca_env=()
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  ca_env=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
fi
chroot "$rootfs" /usr/sbin/groupadd --gid 1000 node
chroot "$rootfs" /usr/sbin/useradd --uid 1000 --gid node --shell /bin/bash --create-home node
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
tar -C "$rootfs" -c . | "$engine" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  "${ca_env[@]}" --change 'CMD ["node"]' - "$image" >/dev/null
echo "$image: Debian $suite (minbase) + node $("$node_bin" --version), npm $(npm --version)"
