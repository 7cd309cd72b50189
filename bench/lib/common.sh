# Shared by bench-sip.sh and bench-full.sh (sourced; the caller defines die()).

APT_UPDATED=0
need_pkg() { # need_pkg COMMAND DEBIAN_PACKAGE (as run-anchor.sh does)
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "$(basename "$0" .sh): installing $2 (for $1)" >&2
  if [ "$APT_UPDATED" = 0 ]; then timeout 300 apt-get update -qq >/dev/null 2>&1 || true; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq "$2" >/dev/null 2>&1 \
    || die "could not install $2"
  command -v "$1" >/dev/null 2>&1 || die "$1 still missing after installing $2"
}

quote_cmd() { # shell-quote only the words that need it
  local a out=""
  for a in "$@"; do
    if [[ "$a" =~ ^[A-Za-z0-9_./,:=+@%-]+$ ]]; then out+=" $a"; else out+=" $(printf '%q' "$a")"; fi
  done
  echo "${out# }"
}

# copy_anchors SRC KAMAILIO_COPY OURS_COPY SCENARIOS_DIR: two copies of the shared anchor, the
# pristine one for Kamailio and one whose scenarios are ours (bench/scenarios) for our server.
copy_anchors() {
  local src=$1 kam=$2 ours=$3 scenarios=$4
  cp -R "$src" "$kam" && cp -R "$src" "$ours" || die "cannot copy $src"
  chmod -R u+w "$kam" "$ours"
  cp "$scenarios/uac-608.xml" "$scenarios/uac-302.xml" "$ours/scenarios/" || die "cannot copy $scenarios"
  rm -rf "$kam/results" "$ours/results"
}

# write_bench_lists FILE CALLER: the lists file the scorer loads, the 608 scenario's caller blocked.
write_bench_lists() {
  cat >"$1" <<EOF2
{"allow":[],"block":[{"number":"$2","source":"staff","reason":"bench: block-listed caller"}]}
EOF2
}
