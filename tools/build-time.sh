#!/usr/bin/env bash
# Measures what the preset generator costs a user's build: the root crate's clean and
# incremental build time with every preset of providers.toml versus with a single preset.
# Dependencies are built first and excluded from the figures. Prints one line per figure.
#
#   tools/build-time.sh            # 3 runs each, median reported
#   BUILD_TIME_TARGET=/tmp/bt tools/build-time.sh   # keep the target dir (and the built
#                                                   # dependencies) between invocations
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${RUNS:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="${BUILD_TIME_TARGET:-$work/target}"
export CARGO_TERM_COLOR=never

# Two copies of the workspace: all presets, and only the first table (github).
for variant in all one; do
  mkdir -p "$work/$variant"
  (cd "$root" && git ls-files -z | xargs -0 -I{} cp --parents {} "$work/$variant/")
done
python3 - "$work/one/providers.toml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
# Keep the header comments and the [github] table with its [github.*] sub-tables.
parts = re.split(r'(?m)^(?=\[)', text)
keep = [p for p in parts if not p.startswith('[') or re.match(r'\[github[\].]', p)]
open(path, 'w').write(''.join(keep))
PY
presets() { grep -cE '^\[[a-z0-9_-]+\]' "$1/providers.toml"; }

seconds() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); awk -v d=$((e - s)) 'BEGIN {printf "%.2f\n", d / 1e9}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Warm the dependency graph once (shared by both copies: same registry crates).
(cd "$work/all" && cargo build -p oauth-dance --lib >/dev/null 2>&1)
(cd "$work/one" && cargo build -p oauth-dance --lib >/dev/null 2>&1)

for variant in all one; do
  cd "$work/$variant"
  clean=$(for _ in $(seq "$runs"); do
    cargo clean -p oauth-dance >/dev/null 2>&1
    seconds cargo build -p oauth-dance --lib
  done | median)
  toml=$(for _ in $(seq "$runs"); do
    echo "# touched $RANDOM" >> providers.toml
    seconds cargo build -p oauth-dance --lib
  done | median)
  src=$(for _ in $(seq "$runs"); do
    echo "// touched $RANDOM" >> oauth-dance/src/token.rs
    seconds cargo build -p oauth-dance --lib
  done | median)
  printf '%-4s presets=%-3s clean_build_s=%-6.2f providers_toml_edit_s=%-6.2f runtime_src_edit_s=%-6.2f\n' \
    "$variant" "$(presets "$work/$variant")" "$clean" "$toml" "$src"
done
