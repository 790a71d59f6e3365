#!/usr/bin/env bash
# Signing throughput on all cores: spectrumgen's in-process signing of an
# Apple profile (CMS SignedData, SHA-256, each signature verified after)
# against OpenSSL's raw private-key operation (`openssl speed -multi N`),
# same machine, same run, for RSA-2048 and ECDSA P-256. Prints signs per
# second and the factor OpenSSL is ahead.
#   bash bench/sign-speed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
n=$(nproc)
echo "machine: $n cores, $(openssl version), $(go version | cut -d' ' -f3)"
go_out=$(go test -run '^$' -bench 'SignThroughput' -benchtime 3s -cpu "$n" ./internal/applesign/)
ssl=$(openssl speed -seconds 3 -multi "$n" rsa2048 ecdsap256 2>/dev/null)
# openssl speed's summary lines: "rsa 2048 bits ... sign/s verify/s" and
# "256 bits ecdsa (nistp256) ... sign/s verify/s".
ossl_rsa=$(echo "$ssl" | awk '/^rsa +2048 bits/ {print $(NF-1)}' | tail -1)
ossl_ec=$(echo "$ssl" | awk '/256 bits ecdsa \(nistp256\)/ {print $(NF-1)}' | tail -1)
go_rsa=$(echo "$go_out" | awk '/SignThroughput\/rsa-2048/ {for (i = 1; i <= NF; i++) if ($i == "signs/s") print $(i-1)}')
go_ec=$(echo "$go_out" | awk '/SignThroughput\/ecdsa-p256/ {for (i = 1; i <= NF; i++) if ($i == "signs/s") print $(i-1)}')
printf '%-11s %14s %14s %8s\n' key "openssl sign/s" "profiles/s" factor
printf '%-11s %14.0f %14.0f %7.2fx\n' RSA-2048 "$ossl_rsa" "$go_rsa" "$(echo "$ossl_rsa / $go_rsa" | bc -l)"
printf '%-11s %14.0f %14.0f %7.2fx\n' "ECDSA P-256" "$ossl_ec" "$go_ec" "$(echo "$ossl_ec / $go_ec" | bc -l)"
