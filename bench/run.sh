#!/usr/bin/env bash
# Times spectrumgen on generated manifests of 1k, 10k and 100k people (all
# clients, --zip), next to the practical floor of the job: extracting a tar
# of the identical output tree into an empty folder. Prints, per size: wall
# time, the floor, their ratio, peak RSS and files per second.
#
#   bash bench/run.sh            # 1000 10000 100000
#   bash bench/run.sh 1000 5000  # other sizes
#   SIGN=1 bash bench/run.sh     # also a run that signs every Apple profile
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000 100000)
if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
work=${BENCH_DIR:-$(mktemp -d /tmp/spectrumgen-bench.XXXXXX)}
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
go build -o "$work/spectrumgen" ./cmd/spectrumgen
go build -o "$work/genmanifest" ./bench/genmanifest

signflags=()
if [ "${SIGN:-0}" = 1 ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
    -days 30 -subj "/CN=spectrumgen bench" -addext "keyUsage=digitalSignature" 2>/dev/null
  chmod 600 "$work/key.pem"
  signflags=(--sign-cert "$work/cert.pem" --sign-key "$work/key.pem")
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), $(go version | cut -d' ' -f3)"
printf '%-8s %-6s %10s %10s %7s %10s %10s %12s\n' people mode "time(s)" "floor(s)" ratio "RSS(MB)" files "files/s"
for n in "${sizes[@]}"; do
  "$work/genmanifest" -n "$n" > "$work/m.yaml"
  modes=(plain)
  [ "${SIGN:-0}" = 1 ] && modes+=(signed)
  for mode in "${modes[@]}"; do
    flags=()
    [ "$mode" = signed ] && flags=("${signflags[@]}")
    rm -rf "$work/out" "$work/floor" "$work/t.tar"
    sync
    /usr/bin/time -f '%e %M' -o "$work/time" "$work/spectrumgen" -q --zip -m "$work/m.yaml" -o "$work/out" "${flags[@]}"
    read -r secs rss_kb < "$work/time"
    files=$(find "$work/out" -type f | wc -l)
    tar -C "$work/out" -cf "$work/t.tar" .
    mkdir "$work/floor"
    sync
    start=$(date +%s.%N)
    tar -C "$work/floor" -xf "$work/t.tar"
    end=$(date +%s.%N)
    floor=$(echo "$end - $start" | bc -l)
    ratio=$(echo "$secs / $floor" | bc -l)
    fps=$(echo "$files / $secs" | bc -l)
    printf '%-8s %-6s %10.2f %10.2f %7.2f %10.0f %10d %12.0f\n' "$n" "$mode" "$secs" "$floor" "$ratio" "$((rss_kb / 1024))" "$files" "$fps"
  done
done
