#!/usr/bin/env bash
# Leave-one-desk-out cross-validation: for each desk (the id prefix before the first '-'), train on
# all other desks of data/train.jsonl and score the held-out desk; print the mean stance and
# sentiment macro-F1 over desks. Two folds run at a time.
# Usage: scripts/desk_cv.sh [extra `stance train` args], e.g. scripts/desk_cv.sh --alpha 0.2
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
export BIN=$PWD/target/release/stance
export TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export TRAIN_ARGS="$*"
fold() {
  p=$1
  grep -v "\"id\": \"$p-" data/train.jsonl > "$TMP/tr_$p.jsonl"
  grep "\"id\": \"$p-" data/train.jsonl > "$TMP/te_$p.jsonl"
  # shellcheck disable=SC2086
  "$BIN" train --data "$TMP/tr_$p.jsonl" --out "$TMP/m_$p.json" $TRAIN_ARGS >/dev/null 2>&1
  "$BIN" eval --model "$TMP/m_$p.json" --data "$TMP/te_$p.jsonl" > "$TMP/r_$p.txt"
  rm "$TMP/m_$p.json"
}
export -f fold
prefixes=$(sed -n 's/^{"id": "\([^-"]*\)-.*/\1/p' data/train.jsonl | sort -u)
printf '%s\n' $prefixes | xargs -P 2 -I{} bash -c 'fold {}'
for p in $prefixes; do
  printf '%s %s %s\n' "$p" "$(awk '/^stance:/ {print $5}' "$TMP/r_$p.txt")" "$(awk '/^sentiment:/ {print $5}' "$TMP/r_$p.txt")"
done | awk '{ s += $2; t += $3; n++; printf "%-5s stance %s sentiment %s\n", $1, $2, $3 }
  END { printf "mean over %d desks: stance macro-F1 %.4f, sentiment macro-F1 %.4f\n", n, s / n, t / n }'
