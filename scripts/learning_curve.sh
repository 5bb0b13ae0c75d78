#!/usr/bin/env bash
# Learning curve: dev stance macro-F1 when training on 25/50/75/100% of data/train.jsonl.
# Subsets are deterministic (every record whose line number mod 4 is below k), so each
# spans all desks. Usage: scripts/learning_curve.sh [extra `stance train` args]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/stance
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
total=$(grep -c . data/train.jsonl)
printf '| training share | records | dev stance macro-F1 | dev sentiment macro-F1 |\n|---|---|---|---|\n'
for k in 1 2 3 4; do
  awk -v k="$k" 'NF && (NR - 1) % 4 < k' data/train.jsonl > "$tmp/train.jsonl"
  n=$(grep -c . "$tmp/train.jsonl")
  "$bin" train --data "$tmp/train.jsonl" --out "$tmp/model.json" "$@" >/dev/null 2>&1
  "$bin" eval --model "$tmp/model.json" --data data/dev.jsonl > "$tmp/eval.txt"
  stance_f1=$(awk '/^stance:/ {print $5}' "$tmp/eval.txt")
  sentiment_f1=$(awk '/^sentiment:/ {print $5}' "$tmp/eval.txt")
  echo "| $((k * 25))% | $n | $stance_f1 | $sentiment_f1 |"
done
echo "(of $total records)"
