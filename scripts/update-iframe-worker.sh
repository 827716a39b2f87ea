#!/usr/bin/env bash
# Replace the self-hosted copy of iframe-worker's shim with another release from npm.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/update-iframe-worker.sh VERSION

Downloads iframe-worker@VERSION from the npm registry (needs npm) and replaces
overrides/assets/javascripts/vendor/iframe-worker/shim.js and its LICENSE.
Only the offline build (`make offline`) loads the shim: it lets the search run
in a page opened from file://, where browsers refuse Web Workers. Material's
offline plugin would otherwise load it from unpkg.com. After updating, run
tests/test_offline.py.
USAGE
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") usage >&2; exit 2 ;;
esac

version=$1
target=overrides/assets/javascripts/vendor/iframe-worker
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "iframe-worker@${version}" >/dev/null && tar xzf iframe-worker-*.tgz)
mkdir -p "$target"
cp "$work/package/shim/index.js" "$target/shim.js"
cp "$work/package/LICENSE" "$target/LICENSE"
printf 'iframe-worker %s\n' "$(node -p "require('$work/package/package.json').version")" > "$target/VERSION"
echo "iframe-worker updated to $(cat "$target/VERSION") in $target"
