#!/usr/bin/env bash
# Replace the self-hosted copy of Mermaid with another release from npm.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/update-mermaid.sh VERSION

Downloads mermaid@VERSION from the npm registry (needs npm) and replaces
overrides/assets/javascripts/vendor/mermaid/mermaid.min.js and its LICENSE.
Material for MkDocs expects Mermaid 11; check a diagram page after updating.
USAGE
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") usage >&2; exit 2 ;;
esac

version=$1
target=overrides/assets/javascripts/vendor/mermaid
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "mermaid@${version}" >/dev/null && tar xzf mermaid-*.tgz)
cp "$work/package/dist/mermaid.min.js" "$target/mermaid.min.js"
cp "$work/package/LICENSE" "$target/LICENSE"
printf 'mermaid %s\n' "$(node -p "require('$work/package/package.json').version")" > "$target/VERSION"
echo "Mermaid updated to $(cat "$target/VERSION") in $target"
