#!/usr/bin/env bash
# Times spectrumgen on generated manifests of 1k, 10k and 100k people (all
# clients, --zip) against the practical floor of the job: extracting a tar
# of the identical output tree into an empty folder, timed in the same
# round with nothing deleted between the two. Each size runs three rounds;
# a round is
#   1. spectrumgen into a new folder (the first run),
#   2. the floor: tar of that tree, extracted into another new folder,
#   3. a re-run into the first folder with one person's name changed.
# The table gives each round and then the median of the three:
#   time     first run, wall seconds
#   floor    tar -xf of the same tree, wall seconds; ratio = time / floor
#   rerun    the re-run, wall seconds; rerun% = rerun / time of its round
#   RSS      peak resident memory of the first run (MB)
#   files    files in the output; zipMB = bytes of zips/ (MB)
#   user/sys CPU seconds of the first run, in the program and the kernel
#
#   bash bench/run.sh              # 1000 10000 100000
#   bash bench/run.sh 1000 5000    # other sizes
#   ROUNDS=1 SETTLE=0 bash bench/run.sh 10000   # quick and noisy
#   SIGN=1 bash bench/run.sh       # also sign every Apple profile (RSA-2048)
#
# Space: 100,000 people make about 1.8 million files (17 GB on disk); a
# round needs the output and the floor's copy on the disk (34 GB) and the
# tar (12 GB) in /dev/shm when it fits there (else beside them). Earlier
# rounds' trees stay until a round needs their room (see settle). The
# script removes everything it made when it ends. ROUNDS=1 for one round.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000 100000)
rounds=${ROUNDS:-3}
if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
work=${BENCH_DIR:-$(mktemp -d /tmp/spectrumgen-bench.XXXXXX)}
mkdir -p "$work"
shm=$(mktemp -d /dev/shm/spectrumgen-bench.XXXXXX 2>/dev/null || echo "$work")
trap 'rm -rf "$work" "$shm"' EXIT
go build -o "$work/spectrumgen" ./cmd/spectrumgen
go build -o "$work/genmanifest" ./bench/genmanifest

flags=(-q --zip)
if [ "${SIGN:-0}" = 1 ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
    -days 30 -subj "/CN=spectrumgen bench" -addext "keyUsage=digitalSignature" 2>/dev/null
  chmod 600 "$work/key.pem"
  flags+=(--sign-cert "$work/cert.pem" --sign-key "$work/key.pem")
fi

# settle waits until files deleted before a timed run no longer slow it.
# ext4 without a journal (as on this project's machines) avoids reusing an
# inode deleted in the last 60 s, or the last 360 s while its inode table
# block is dirty, which it is as soon as new files go in beside it: every
# new inode then scans past the recently deleted ones. Measured here with
# perf, that scan was 58% of a run's time shortly after deleting a large
# tree. So the first round, and each round that follows a deletion, starts
# 370 s after it, on a written-back disk; rounds write into new folders and
# older rounds' trees are deleted only when the disk needs their room.
# SETTLE=0 skips the wait (quick, but noisy).
deleted=1 # other programs may have deleted files just before
settle() {
  sync
  if [ "$deleted" = 1 ]; then sleep "${SETTLE:-370}"; fi
  deleted=0
}
# room makes sure the disk has $1 kB free for a round, deleting the trees
# of earlier rounds (oldest first) while it has not.
trees=()
room() {
  while [ "$(df -Pk "$work" | awk 'NR == 2 {print $4}')" -lt "$1" ] && [ ${#trees[@]} -gt 0 ]; do
    rm -rf "${trees[0]}"
    trees=("${trees[@]:1}")
    deleted=1
  done
}

# timed runs COMMAND... and sets secs, rss_kb, user, sys from /usr/bin/time.
timed() {
  /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@"
  read -r secs rss_kb user sys < "$work/time"
}

# rename gives the person at index k (user<k>@...) another name.
rename() {
  awk -v who="$(printf 'user%06d@' "$2")" -v round="$3" '
    index($0, who) { hit = 1 }
    hit && /^    name: / { print "    name: \"Renamed In Round " round "\""; hit = 0; next }
    { print }' "$1"
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), $(go version | cut -d' ' -f3), $(findmnt -no FSTYPE -T "$work"), tar in $(findmnt -no FSTYPE -T "$shm" | head -1)"
head='%-8s %-6s %8s %8s %6s %8s %7s %7s %9s %7s %8s %8s\n'
row='%-8s %-6s %8.2f %8.2f %6.2f %8.2f %6.1f%% %7.0f %9d %7.1f %8.2f %8.2f\n'
printf "$head" people round "time(s)" "floor(s)" ratio "rerun(s)" rerun% "RSS(MB)" files zipMB "user(s)" "sys(s)"
k=0
for n in "${sizes[@]}"; do
  "$work/genmanifest" -n "$n" > "$work/m.yaml"
  T=() F=() R=() P=() RP=() M=() FS=() Z=() U=() S=()
  for ((r = 1; r <= rounds; r++)); do
    k=$((k + 1))
    out=$work/out.$k floor=$work/floor.$k tarball=$shm/t.tar
    # A person's kit and zip take about 170 kB on disk; the output and the
    # floor's copy, twice that, and a margin.
    room $((n * 2 * 170 + 2000000))
    settle
    timed "$work/spectrumgen" "${flags[@]}" -m "$work/m.yaml" -o "$out"
    trees+=("$out" "$floor")
    t=$secs rss=$((rss_kb / 1024)) u=$user s=$sys
    files=$(find "$out" -type f | wc -l)
    zipb=$(find "$out/zips" -type f -printf '%s\n' | awk '{s += $1} END {print s / 1e6}')
    # The floor: the same tree, written by tar from one archive, with
    # nothing deleted since the run, so both meet the disk in the same state.
    tar -C "$out" -cf "$tarball" .
    mkdir "$floor"
    sync
    start=$(date +%s.%N)
    tar -C "$floor" -xf "$tarball"
    end=$(date +%s.%N)
    rm -f "$tarball"
    f=$(echo "$end - $start" | bc -l)
    # The re-run: one person changed (a different one each round).
    rename "$work/m.yaml" $(((r * 7919) % n)) "$r" > "$work/m2.yaml"
    sync
    timed "$work/spectrumgen" "${flags[@]}" -m "$work/m2.yaml" -o "$out"
    rr=$secs
    T+=("$t") F+=("$f") R+=("$rr") M+=("$rss") FS+=("$files") Z+=("$zipb") U+=("$u") S+=("$s")
    ratio=$(echo "$t / $f" | bc -l) rp=$(echo "100 * $rr / $t" | bc -l)
    P+=("$ratio") RP+=("$rp")
    printf "$row" "$n" "$r" "$t" "$f" "$ratio" "$rr" "$rp" "$rss" "$files" "$zipb" "$u" "$s"
  done
  mt=$(median "${T[@]}") mr=$(median "${R[@]}")
  printf "$row" "$n" median "$mt" "$(median "${F[@]}")" "$(median "${P[@]}")" "$mr" \
    "$(median "${RP[@]}")" "$(median "${M[@]}")" "$(median "${FS[@]}")" \
    "$(median "${Z[@]}")" "$(median "${U[@]}")" "$(median "${S[@]}")"
done
