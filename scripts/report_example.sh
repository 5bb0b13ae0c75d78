#!/usr/bin/env bash
# Regenerates docs/report/: the report page of the example article and its
# screenshot in headless Chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
out=docs/report
mkdir -p "$out"
./target/release/stance report data/examples/cyberattack_row.txt --out "$out/cyberattack_row.html"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size=1400,1500 \
  --screenshot="$out/cyberattack_row.png" "file://$PWD/$out/cyberattack_row.html" 2>/dev/null
echo "wrote $out/cyberattack_row.html and $out/cyberattack_row.png"
