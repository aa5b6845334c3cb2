#!/usr/bin/env bash
# Builds the lab registry image `oci-labs/registry:2.8.2-debian` from Debian's own CNCF distribution 2.8.2
# (`/usr/bin/docker-registry`, package `docker-registry`), without pulling anything: no Docker Hub, no base image.
#
# The image is a tiny root filesystem (the binary, the shared libraries `ldd` lists for it, a config, a minimal
# /etc/passwd) turned into an image with `docker import`. Use it where `registry:2` cannot be pulled:
#
#   sudo apt-get install docker.io docker-registry   # Debian 12 / Ubuntu: the engine and the registry binary
#   scripts/build-registry-image.sh                  # prints the image reference as its last line
#   export LABS_REGISTRY_IMAGE=oci-labs/registry:2.8.2-debian
#
# Registry config: filesystem storage at /var/lib/registry (a volume), deletes enabled, plain HTTP on :5000,
# no auth, `X-Content-Type-Options: nosniff`.
#
# Usage: scripts/build-registry-image.sh [--force] [--tag REF]
#   --force    rebuild even when the image already exists
#   --tag REF  image reference to create (default oci-labs/registry:2.8.2-debian)
# Env: DOCKER_REGISTRY_BIN (default /usr/bin/docker-registry), DOCKER (default docker).
set -euo pipefail

tag="oci-labs/registry:2.8.2-debian"
force=false
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=true ;;
    --tag) tag="${2:?--tag needs a value}"; shift ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-registry-image: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

docker_cli="${DOCKER:-docker}"
registry_bin="${DOCKER_REGISTRY_BIN:-/usr/bin/docker-registry}"

die() { echo "build-registry-image: $*" >&2; exit 1; }

command -v "$docker_cli" >/dev/null || die "the docker CLI is not installed; install it with: apt-get install docker.io"
"$docker_cli" info >/dev/null 2>&1 || die "no Docker engine answers 'docker info'; start it (systemctl start docker, or dockerd &)"

if [ "$force" = false ] && "$docker_cli" image inspect "$tag" >/dev/null 2>&1; then
  echo "build-registry-image: $tag exists (use --force to rebuild)" >&2
  echo "$tag"
  exit 0
fi

[ -x "$registry_bin" ] || die "$registry_bin not found; install it with: apt-get install docker-registry"
version="$("$registry_bin" --version 2>/dev/null || true)"
case "$version" in
  *" v2.8."* | *" 2.8."*) ;;
  *) echo "build-registry-image: warning: expected distribution 2.8.x, found: ${version:-unknown}" >&2 ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/usr/bin" "$root/etc/docker/registry" "$root/var/lib/registry" "$root/tmp"
chmod 1777 "$root/tmp"
cp "$registry_bin" "$root/usr/bin/docker-registry"

# Copy every library the dynamic loader resolves for the binary (none when it is static), keeping its path.
copy_libraries() {
  local out
  if ! out="$(ldd "$registry_bin" 2>&1)"; then
    case "$out" in
      *"not a dynamic executable"* | *"statically linked"*) return 0 ;;
      *) die "ldd $registry_bin failed: $out" ;;
    esac
  fi
  if grep -q "not found" <<<"$out"; then die "missing shared libraries for $registry_bin: $out"; fi
  grep -o '/[^ )]*' <<<"$out" | sort -u | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}
copy_libraries

printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
cat >"$root/etc/docker/registry/config.yml" <<'YAML'
version: 0.1
log:
  level: info
  fields:
    service: registry
storage:
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
YAML

tar --numeric-owner --owner=0 --group=0 -C "$root" -cf "$work/rootfs.tar" .
"$docker_cli" import \
  --change 'ENTRYPOINT ["/usr/bin/docker-registry","serve","/etc/docker/registry/config.yml"]' \
  --change 'EXPOSE 5000' \
  --change 'VOLUME /var/lib/registry' \
  --change "LABEL org.opencontainers.image.title=oci-labs-registry org.opencontainers.image.version=${version##* }" \
  --message "oci-labs: CNCF distribution from Debian's docker-registry package" \
  "$work/rootfs.tar" "$tag" >/dev/null
echo "build-registry-image: built $tag (${version:-unknown version})" >&2
echo "$tag"
