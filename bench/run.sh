#!/usr/bin/env bash
# Times spectrumgen on generated manifests of 1k, 10k and 100k people (all
# clients, --zip), next to the practical floor of the job: extracting a tar
# of the identical output tree into an empty folder. Each size runs twice:
# plain, and signing every Apple profile (a throwaway RSA-2048 key). Prints,
# per run: wall time, the floor, their ratio, peak RSS, files per second,
# and the CPU time spent in the program and in the kernel.
#
#   bash bench/run.sh            # 1000 10000 100000
#   bash bench/run.sh 1000 5000  # other sizes
#   SIGN=0 bash bench/run.sh     # skip the signed runs
#
# 100,000 people make about 1.1 million files (13 GB); the output, its tar
# and the floor's copy need about 35 GB free. The script removes everything
# it made when it ends.
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
if [ "${SIGN:-1}" = 1 ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
    -days 30 -subj "/CN=spectrumgen bench" -addext "keyUsage=digitalSignature" 2>/dev/null
  chmod 600 "$work/key.pem"
  signflags=(--sign-cert "$work/cert.pem" --sign-key "$work/key.pem")
fi

# settle waits until files deleted before a timed run no longer slow it.
# ext4 without a journal (as on this project's machines) avoids reusing an
# inode deleted in the last 60 s, or the last 360 s while its inode table
# block is dirty, which it is as soon as new files go in beside it: every
# new inode then scans past the recently deleted ones. Measured here with
# perf, that scan was 58% of a run's time shortly after deleting a large
# tree. So each timed run starts 370 s after the last deletion, on a
# written-back disk. SETTLE=0 skips the wait (quick, but noisy).
settle() {
  sync
  sleep "${SETTLE:-370}"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), $(go version | cut -d' ' -f3), $(findmnt -no FSTYPE -T "$work")"
printf '%-8s %-6s %9s %9s %6s %8s %9s %8s %8s %8s\n' people mode "time(s)" "floor(s)" ratio "RSS(MB)" files "files/s" "user(s)" "sys(s)"
for n in "${sizes[@]}"; do
  "$work/genmanifest" -n "$n" > "$work/m.yaml"
  modes=(plain)
  [ "${SIGN:-1}" = 1 ] && modes+=(signed)
  for mode in "${modes[@]}"; do
    flags=()
    [ "$mode" = signed ] && flags=("${signflags[@]}")
    rm -rf "$work/out" "$work/floor" "$work/t.tar"
    settle
    /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$work/spectrumgen" -q --zip -m "$work/m.yaml" -o "$work/out" "${flags[@]}"
    read -r secs rss_kb user sys < "$work/time"
    files=$(find "$work/out" -type f | wc -l)
    # The floor: the same tree, written by tar from one archive. Nothing
    # is deleted in between, so both runs meet the disk in the same state.
    tar -C "$work/out" -cf "$work/t.tar" .
    mkdir "$work/floor"
    sync
    start=$(date +%s.%N)
    tar -C "$work/floor" -xf "$work/t.tar"
    end=$(date +%s.%N)
    floor=$(echo "$end - $start" | bc -l)
    ratio=$(echo "$secs / $floor" | bc -l)
    fps=$(echo "$files / $secs" | bc -l)
    printf '%-8s %-6s %9.2f %9.2f %6.2f %8.0f %9d %8.0f %8.2f %8.2f\n' "$n" "$mode" "$secs" "$floor" "$ratio" "$((rss_kb / 1024))" "$files" "$fps" "$user" "$sys"
  done
done
