#!/usr/bin/env bash
# Signing N=200 Apple profiles: in-process (internal/applesign, each
# signature verified; one after the other, and from one worker per CPU as
# spectrumgen signs) against `openssl smime -sign` run once per profile,
# one after the other, same machine, same run. Prints the benchmark lines
# and the ratios.
#   bash bench/apple-sign.sh [count]      # count: repetitions (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-3}
openssl version
go version
out=$(go test -run '^$' -bench 'Sign200Profiles' -benchtime 1x -count "$count" ./internal/applesign/)
echo "$out" | grep -E '^(Benchmark|cpu)'
echo "$out" | awk '
  /^BenchmarkSign200Profiles\// {
    split($1, p, "/"); kind = p[2]; key = p[3]; sub(/-[0-9]+$/, "", key)
    t[kind, key] += $3; n[kind, key]++; keys[key] = 1
  }
  END {
    for (k in keys) {
      seq = t["in-process", k] / n["in-process", k] / 1e6
      par = t["in-process-parallel", k] / n["in-process-parallel", k] / 1e6
      ossl = t["openssl-smime", k] / n["openssl-smime", k] / 1e6
      printf "%-11s 200 profiles: openssl smime per profile %7.1f ms; in-process sequential %6.1f ms (%.1fx), parallel %6.1f ms (%.1fx)\n", k, ossl, seq, ossl / seq, par, ossl / par
    }
  }'
