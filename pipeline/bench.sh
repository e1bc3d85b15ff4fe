#!/bin/sh
# make bench: time and peak memory of the pipeline on one large synthetic
# export, beside raw libcsv parsing (the ceiling for a libcsv reader) and
# the tools a user would reach for instead (datamash, Miller).  Writes
# bench/results.md.  Issue 9.
#
# Environment:
#   BENCH_ROWS     area rows in the long export (default 10000000)
#   BENCH_SEED     kk-synth seed (default 1)
#   BENCH_PROFILE  0 skips the callgrind profile of kk-ingest (default 1)
#   BIN            directory of the kk-* programs (default bin)
#   BENCH_OUT      report file (default bench/results.md)
# The export and its population table are cached in bench/cache/ (keyed
# by size, seed and the generator's source); the work files go to a
# temporary directory removed at the end.  Stages that do not exist yet
# are skipped with a note, so the script works while the pipeline grows.
set -u
ROWS=${BENCH_ROWS:-10000000}
SEED=${BENCH_SEED:-1}
BIN=${BIN:-bin}
OUT=${BENCH_OUT:-bench/results.md}
CACHE=bench/cache
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
mkdir -p "$CACHE" || exit 1
W=$(mktemp -d "${TMPDIR:-/tmp}/kk-bench.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT INT TERM HUP
notes=""
note() { notes="$notes
- $*"; echo "bench: $*" >&2; }

# ---- tools -----------------------------------------------------------
# datamash and Miller are wanted only here, so they are installed here
# (as root) and not by pipeline/deps.sh.
need_tools() {
	missing=""
	command -v datamash >/dev/null 2>&1 || missing="$missing datamash"
	command -v mlr >/dev/null 2>&1 || missing="$missing miller"
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" = 0 ]; then
		echo "bench: installing$missing" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    --no-install-recommends $missing >&2 ||
		{ apt-get update -qq >&2 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    --no-install-recommends $missing >&2; } ||
		note "could not install$missing; those rows are skipped"
	else
		note "not root: cannot install$missing; those rows are skipped"
	fi
}
need_tools
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time (package time) is needed" >&2; exit 1; }
[ -x "$BIN/kk-synth" ] || { echo "bench: $BIN/kk-synth missing: run make first" >&2; exit 1; }
cc -O2 -std=c17 -Wall -Wextra -o "$CACHE/csvraw" bench/csvraw.c -lcsv || exit 1

# ---- the export ------------------------------------------------------
# 8 area rows and a total row per evaluation, English dialect (so that
# datamash and mlr read the very same bytes), both countries, all
# versions.
EVALS=$(( (ROWS + 7) / 8 ))
key=$(cat lib/synth.c lib/synth.h stages/kk-synth.c | cksum | cut -d' ' -f1)
EXPORT=$CACHE/long-$ROWS-s$SEED-$key.csv
POP=$CACHE/long-$ROWS-s$SEED-$key-population.csv
if [ ! -s "$EXPORT" ] || [ ! -s "$POP" ]; then
	echo "bench: generating $EXPORT ($EVALS evaluations)" >&2
	rm -f "$CACHE"/long-*.csv
	"$BIN/kk-synth" --seed "$SEED" --evaluations "$EVALS" --layout long \
	    --dialect en --population-out "$POP" -o "$EXPORT" 2>"$W/synth.err" ||
	    { cat "$W/synth.err" >&2; exit 1; }
fi
BYTES=$(wc -c <"$EXPORT")
LINES=$(( $(wc -l <"$EXPORT") - 1 ))
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')

# ---- measuring ---------------------------------------------------------
# run NAME CMD...: /usr/bin/time -v; one line per step into $W/rows:
# name|wall s|user s|sys s|peak RSS MB|status
run() {
	name=$1; shift
	echo "bench: $name" >&2
	/usr/bin/time -v -o "$W/time" "$@" >"$W/stdout" 2>"$W/stderr"
	st=$?
	awk -F': ' -v name="$name" -v st="$st" '
	/Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0
		for (i = 1; i <= n; i++) w = w * 60 + t[i] }
	/User time/ { u = $2 } /System time/ { s = $2 }
	/Maximum resident set size/ { r = $2 / 1024 }
	END { printf "%s|%.2f|%.2f|%.2f|%.1f|%s\n", name, w, u, s, r, st }
	' "$W/time" >>"$W/rows"
	[ "$st" = 0 ] || note "$name exited with status $st: $(head -c 300 "$W/stderr" | tr '\n' ' ')"
	return "$st"
}
have() { [ -x "$BIN/kk-$1" ] || { note "kk-$1 does not exist yet: skipped"; return 1; }; }
# input FILE STAGE: the stage's input exists (its previous stage ran).
input() { [ -s "$1" ] || { note "$2: no input (an earlier stage was skipped or failed)"; return 1; }; }
: >"$W/rows"

run "raw libcsv parse (bench/csvraw.c)" "$CACHE/csvraw" "$EXPORT" ','
RAW_WALL=$(tail -1 "$W/rows" | cut -d'|' -f2)

EVAL=$W/evaluations.csv NORM=$W/normalised.csv SCORES=$W/scores.csv
if have ingest; then
	run "kk-ingest" "$BIN/kk-ingest" -o "$EVAL" "$EXPORT"
fi
if have normalise && input "$EVAL" kk-normalise; then
	run "kk-normalise" "$BIN/kk-normalise" -o "$NORM" "$EVAL"
fi
if have size && input "$NORM" kk-size; then
	run "kk-size" "$BIN/kk-size" --population "$POP" -o "$SCORES" "$NORM"
fi
if have stats && input "$SCORES" kk-stats; then
	# The bootstrap is measured on its own below; on millions of rows it
	# would dominate everything else.
	run "kk-stats (--bootstrap 0)" "$BIN/kk-stats" --bootstrap 0 \
	    -d "$W/tables" "$SCORES"
fi
if [ -x "$BIN/kk-ingest" ] && [ -x "$BIN/kk-normalise" ] &&
   [ -x "$BIN/kk-size" ]; then
	stats_cmd=true
	[ -x "$BIN/kk-stats" ] &&
	    stats_cmd="\"$BIN/kk-stats\" --bootstrap 0 -d \"$W/chain-tables\" \"$W/chain.csv\""
	run "whole chain (ingest | normalise | size; stats)" sh -c "
	    set -e
	    \"$BIN/kk-ingest\" \"$EXPORT\" | \"$BIN/kk-normalise\" - |
	    \"$BIN/kk-size\" --population \"$POP\" -o \"$W/chain.csv\" -
	    $stats_cmd"
	rm -f "$W/chain.csv"
fi

# Grouped statistics: country x area, count, mean and sd of the score.
if command -v datamash >/dev/null 2>&1; then
	run "datamash -s -g country,area count mean sstdev (export)" \
	    sh -c "datamash -t, --header-in -s -g 3,6 count 7 mean 7 sstdev 7 <\"$EXPORT\""
fi
if command -v mlr >/dev/null 2>&1; then
	run "mlr stats1 -a count,mean,stddev -g country,area (export)" \
	    mlr --icsv --ocsv stats1 -a count,mean,stddev -f score \
	    -g country,area "$EXPORT"
fi
if [ -s "$SCORES" ]; then
	cols=$(head -1 "$SCORES" | tr ',' '\n' | awk '
	    $0 == "country" { c = NR } $0 == "area" { a = NR }
	    $0 == "score" { s = NR } $0 == "log10_population" { p = NR }
	    END { print c, a, s, p }')
	set -- $cols
	if command -v datamash >/dev/null 2>&1 && [ $# = 4 ]; then
		run "datamash -s -g country,area count mean sstdev (scores.csv)" \
		    sh -c "datamash -t, --header-in -s -g $1,$2 count $3 mean $3 sstdev $3 <\"$SCORES\""
		run "datamash -s -g country,area ppearson score:log10_population (scores.csv)" \
		    sh -c "datamash -t, --header-in -s -g $1,$2 ppearson $3:$4 <\"$SCORES\""
	fi
	if command -v mlr >/dev/null 2>&1; then
		run "mlr stats1 count,mean,stddev -g country,area (scores.csv)" \
		    mlr --icsv --ocsv stats1 -a count,mean,stddev -f score \
		    -g country,area "$SCORES"
		run "mlr stats2 -a r score,log10_population -g country,area (scores.csv)" \
		    mlr --icsv --ocsv stats2 -a r -f log10_population,score \
		    -g country,area "$SCORES"
	fi
fi

# ---- bootstrap of Spearman's rho: B = 10,000, n = 1,000 ----------------
BOOT=""
if have stats && [ -x "$BIN/kk-ingest" ] && [ -x "$BIN/kk-normalise" ] &&
   [ -x "$BIN/kk-size" ]; then
	"$BIN/kk-synth" --seed "$SEED" --evaluations 1000 --country NO \
	    --layout wide --population-out "$W/boot-pop.csv" -o "$W/boot.csv" &&
	"$BIN/kk-ingest" -o "$W/boot-ev.csv" "$W/boot.csv" 2>/dev/null &&
	"$BIN/kk-normalise" -o "$W/boot-norm.csv" "$W/boot-ev.csv" 2>/dev/null &&
	"$BIN/kk-size" --population "$W/boot-pop.csv" -o "$W/boot-scores.csv" \
	    "$W/boot-norm.csv" 2>/dev/null &&
	run "kk-stats --bootstrap 10000 (n = 1000 evaluations)" \
	    "$BIN/kk-stats" --bootstrap 10000 --seed 1 -d "$W/boot-tables" \
	    "$W/boot-scores.csv" && BOOT=yes
	[ -n "$BOOT" ] || note "bootstrap run failed"
fi

# ---- profile -----------------------------------------------------------
PROFILE=""
if [ "${BENCH_PROFILE:-1}" != 0 ] && command -v valgrind >/dev/null 2>&1 &&
   [ -x "$BIN/kk-ingest" ]; then
	echo "bench: callgrind profile of kk-ingest" >&2
	"$BIN/kk-synth" --seed "$SEED" --evaluations 20000 -o "$W/prof.csv" 2>/dev/null
	valgrind --tool=callgrind --callgrind-out-file="$W/cg.out" \
	    "$BIN/kk-ingest" -o "$W/prof-ev.csv" "$W/prof.csv" >/dev/null 2>&1 &&
	PROFILE=$(callgrind_annotate --inclusive=yes "$W/cg.out" 2>/dev/null |
	    awk -v top="$(pwd)/" '/PROGRAM TOTALS/ { print; next }
	    /^ *[0-9,]+ +\(/ && n < 30 && !/below main|libc-start|ld-linux|kk-ingest.c:main/ {
	        sub(/ \[.*\]$/, ""); sub(/\.\/[^ ]*\//, "")
	        i = index($0, top); if (i) $0 = substr($0, 1, i - 1) substr($0, i + length(top))
	        if (!seen[$3]++) { print; n++ } }')
fi

# ---- report ------------------------------------------------------------
ver() { "$@" 2>&1 | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else printf "-" }'; }
{
	echo "# kompass benchmark"
	echo
	echo "Written by \`make bench\` (pipeline/bench.sh) on $(date -u '+%Y-%m-%d %H:%M UTC')."
	echo "Do not edit by hand: rerun it."
	echo
	echo "## Machine"
	echo
	echo "- CPUs (nproc): $(nproc); model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo "- memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- kernel: $(uname -sr); $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
	echo "- compiler: $(ver cc --version)"
	echo "- libcsv: $(dpkg-query -W -f='${Version}' libcsv-dev 2>/dev/null); GSL: $(dpkg-query -W -f='${Version}' libgsl-dev 2>/dev/null)"
	command -v datamash >/dev/null 2>&1 && echo "- $(ver datamash --version)"
	command -v mlr >/dev/null 2>&1 && echo "- Miller: $(ver mlr --version)"
	echo
	echo "## Input"
	echo
	echo "\`kk-synth --seed $SEED --evaluations $EVALS --layout long --dialect en\`:"
	echo "$LINES data rows ($EVALS evaluations x 8 areas + a total row each), $MB MB."
	echo "Every row carries its municipality's name and the source"
	echo "\"synthetic (kk-synth seed $SEED)\", hence more bytes per row than the"
	echo "issue's estimate of 30."
	echo
	echo "## Results"
	echo
	echo "Wall and CPU seconds and peak resident memory from \`/usr/bin/time -v\`;"
	echo "MB/s is the export's size over wall time (for later stages the input"
	echo "is that stage's own, but the rows are the same); \"x raw\" is raw"
	echo "libcsv's wall time over the step's (1.00 = as fast as the ceiling)."
	echo "For a shell pipeline the peak is that of its largest process."
	echo
	echo "| step | wall s | user s | sys s | peak RSS MB | MB/s | x raw | status |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	while IFS='|' read -r name w u s r st; do
		mbs=$(ratio "$BYTES" "$(awk -v w="$w" 'BEGIN { print w * 1e6 }')")
		echo "| $name | $w | $u | $s | $r | $mbs | $(ratio "$RAW_WALL" "$w") | $st |"
	done <"$W/rows"
	echo
	echo "## Targets (issue 9)"
	echo
	awk -F'|' -v raw="$RAW_WALL" '
	/^kk-(ingest|normalise|size)\|/ {
		printf "- %s: %.0f %% of raw libcsv throughput (target: at least 70 %%)\n", $1, 100 * raw / $2 }
	/^kk-stats \(--bootstrap 0\)/ { st = $2; strss = $5 }
	/^datamash -s -g country,area count mean sstdev \(scores/ { dm = $2 }
	/^mlr stats1 count,mean,stddev -g country,area \(scores/ { ml = $2 }
	/^kk-stats --bootstrap 10000/ { boot = $2 }
	END {
		if (st != "" && dm != "") printf "- kk-stats vs datamash -s on scores.csv: %.2fx (target: at least 8x)\n", dm / st
		if (st != "" && ml != "") printf "- kk-stats vs mlr stats1 on scores.csv: %.2fx (target: at least 8x)\n", ml / st
		if (st != "") printf "- kk-stats peak memory: %s MB on the full table (target: grows with groups, not rows)\n", strss
		if (boot != "") printf "- bootstrap of Spearman rho, B = 10000, n = 1000: %s s (target: under 1 s)\n", boot
	}' "$W/rows"
	if [ -n "$notes" ]; then echo; echo "## Notes from this run"; echo "$notes"; fi
	if [ -n "$PROFILE" ]; then
		echo
		echo "## Profile: kk-ingest under callgrind"
		echo
		echo "\`valgrind --tool=callgrind\` on a 180,000-row export (20,000 evaluations),"
		echo "instructions inclusive of callees, largest first:"
		echo
		echo '```'
		echo "$PROFILE"
		echo '```'
	fi
	if [ -f bench/analysis.md ]; then echo; cat bench/analysis.md; fi
} >"$W/results.md"
mv "$W/results.md" "$OUT" || exit 1
echo "bench: wrote $OUT" >&2
