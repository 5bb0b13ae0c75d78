#!/usr/bin/env bash
# Dyad vote thresholds: dyad F1 on data/train_articles.jsonl (never dev) for each pair of
# --min-probability and --min-involvement; the best pair becomes `stance train`'s default.
# Usage: scripts/tune_thresholds.sh [MODEL]   (default: the embedded model)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
model=()
if [ $# -gt 0 ]; then model=(--model "$1"); fi
for p in 0.5 0.6 0.7 0.8; do
  for i in 0.7 0.8 0.9 0.95; do
    f1=$(target/release/stance eval "${model[@]}" --data data/train_articles.jsonl \
      --min-probability "$p" --min-involvement "$i" | sed -n 's/^dyads:.* F1 \([0-9.]*\) .*/\1/p')
    echo "min-probability $p  min-involvement $i  train-article dyad F1 $f1"
  done
done | awk '{ print } $NF > best { best = $NF; line = $0 } END { print "best: " line }'
