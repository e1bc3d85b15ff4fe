#!/bin/sh
# make bench: time and peak memory of the pipeline on one large synthetic
# export, beside raw libcsv parsing (the ceiling for a libcsv reader) and
# the tools a user would reach for instead (datamash, Miller).  Writes
# bench/results.md.
#
# Environment:
#   BENCH_ROWS     area rows in the long export (default 10000000)
#   BENCH_SEED     kk-synth seed (default 1)
#   BENCH_PANEL    evaluations in the panel export for the whole chain
#                  (default 180000: the most with distinct ids)
#   BENCH_STATS_N  sizes for the kk-stats series (default "2000 8000 32000")
#   BENCH_TIMEOUT  seconds before a step is stopped (default 600)
#   BENCH_REPEAT   runs of each step, the fastest (CPU) kept (default 3)
#   BENCH_STATS_TIMEOUT  the same for kk-stats on the panel (default 120)
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
# datamash, Miller and R are wanted only here, so they are installed here
# (as root) and not by pipeline/deps.sh.
need_tools() {
	missing=""
	command -v datamash >/dev/null 2>&1 || missing="$missing datamash"
	command -v mlr >/dev/null 2>&1 || missing="$missing miller"
	command -v Rscript >/dev/null 2>&1 || missing="$missing r-base-core"
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

# ---- the inputs --------------------------------------------------------
# synth NAME EVALUATIONS [kk-synth options]: a cached long export, English
# dialect (so that datamash and mlr read the very same bytes), both
# countries, all versions; sets $EXPORT and $POP.
key=$(cat lib/synth.c lib/synth.h stages/kk-synth.c | cksum | cut -d' ' -f1)
synth() {
	EXPORT=$CACHE/$1-s$SEED-$key.csv
	POP=$CACHE/$1-s$SEED-$key-population.csv
	[ -s "$EXPORT" ] && [ -s "$POP" ] && return 0
	name=$1 n=$2; shift 2
	echo "bench: generating $EXPORT ($n evaluations)" >&2
	rm -f "$CACHE/$name"-*.csv
	"$BIN/kk-synth" --seed "$SEED" --evaluations "$n" --layout long \
	    --dialect en "$@" --population-out "$POP" -o "$EXPORT" \
	    2>"$W/synth.err" || { cat "$W/synth.err" >&2; exit 1; }
}
describe() {
	echo "$(( $(wc -l <"$1") - 1 )) data rows, $(awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.1f", b / 1e6 }') MB"
}

# ---- measuring ---------------------------------------------------------
# run NAME CMD...: /usr/bin/time -v, at most BENCH_TIMEOUT seconds, run
# BENCH_REPEAT times (default 3) and the run with the least CPU time kept
# (the machine is shared: the fastest run is the one least disturbed),
# with the least and the most CPU time over the runs beside it; one line
# per step into $W/rows: name|wall s|user s|sys s|peak RSS MB|status|
# input bytes|least CPU s|most CPU s.  A failing run is kept at once.
# Go's collector is told to keep mlr within 4 GiB (GOMEMLIMIT), or it
# grows with the input on a shared machine.
TIMEOUT=${BENCH_TIMEOUT:-600}
REPEAT=${BENCH_REPEAT:-3}
run() {
	limit=${TIMEOUT}
	name=$1; shift
	echo "bench: $name" >&2
	best=""
	runs=""
	i=0
	while [ "$i" -lt "$REPEAT" ]; do
		i=$((i + 1))
		GOMEMLIMIT=4GiB /usr/bin/time -v -o "$W/time" \
		    timeout "$limit" "$@" >"$W/stdout" 2>"$W/stderr"
		st=$?
		line=$(awk -F': ' -v name="$name" -v st="$st" -v bytes="$(wc -c <"$EXPORT")" '
		/Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0
			for (i = 1; i <= n; i++) w = w * 60 + t[i] }
		/User time/ { u = $2 } /System time/ { s = $2 }
		/Maximum resident set size/ { r = $2 / 1024 }
		END { printf "%s|%.2f|%.2f|%.2f|%.1f|%s|%s\n", name, w, u, s, r, st, bytes }
		' "$W/time")
		if [ "$st" != 0 ]; then best=$line; runs=$line; break; fi
		runs=$(printf '%s\n%s\n' "$runs" "$line")
	done
	[ "$st" = 0 ] && best=$(printf '%s\n' "$runs" | awk -F'|' 'NF > 1 {
	    c = $3 + $4; if (k == "" || c < k) { k = c; b = $0 }
	    if (hi == "" || c > hi) hi = c }
	    END { printf "%s|%.2f|%.2f\n", b, k, hi }')
	[ "$st" = 0 ] || best=$(echo "$best" | awk -F'|' '{ printf "%s|%.2f|%.2f\n", $0, $3 + $4, $3 + $4 }')
	echo "$best" >>"$W/rows"
	case $st in
	0) ;;
	124) note "$name: stopped after $limit s (timeout)" ;;
	*) note "$name exited with status $st: $(head -c 300 "$W/stderr" | tr '\n' ' ')" ;;
	esac
	return "$st"
}
have() { [ -x "$BIN/kk-$1" ] || { note "kk-$1 does not exist yet: skipped"; return 1; }; }
# input FILE STAGE: the stage's input exists (its previous stage ran).
input() { [ -s "$1" ] || { note "$2: no input (an earlier stage was skipped or failed)"; return 1; }; }
section() { echo "## $*" >>"$W/rows"; }
: >"$W/rows"

# grouped NAME FILE: country x area count, mean, sd of the score (and
# the Pearson correlation with log10 population where the file has it)
# by datamash -s and mlr stats1/stats2.
grouped() {
	cols=$(head -1 "$2" | tr ',' '\n' | awk '
	    $0 == "country" { c = NR } $0 == "area" { a = NR }
	    $0 == "score" { s = NR } $0 == "log10_population" { p = NR }
	    END { print c + 0, a + 0, s + 0, p + 0 }')
	set -- "$1" "$2" $cols
	if command -v datamash >/dev/null 2>&1; then
		run "datamash -s -g country,area count mean sstdev ($1)" \
		    sh -c "datamash -t, --header-in -s -g $3,$4 count $5 mean $5 sstdev $5 <\"$2\""
		[ "$6" != 0 ] &&
		run "datamash -s -g country,area ppearson score:log10_population ($1)" \
		    sh -c "datamash -t, --header-in -s -g $3,$4 ppearson $5:$6 <\"$2\""
	fi
	if command -v mlr >/dev/null 2>&1; then
		run "mlr stats1 -a count,mean,stddev -g country,area ($1)" \
		    mlr --icsv --ocsv stats1 -a count,mean,stddev -f score \
		    -g country,area "$2"
		[ "$6" != 0 ] &&
		run "mlr stats2 -a corr -f log10_population,score -g country,area ($1)" \
		    mlr --icsv --ocsv stats2 -a corr -f log10_population,score \
		    -g country,area "$2"
	fi
	return 0
}

# stages NAME: each stage alone, then the chain, on $EXPORT and $POP.
stages() {
	EVAL=$W/evaluations.csv NORM=$W/normalised.csv SCORES=$W/scores.csv
	rm -f "$EVAL" "$NORM" "$SCORES"
	if have ingest; then
		run "kk-ingest" "$BIN/kk-ingest" -o "$EVAL" "$EXPORT"
	fi
	[ "$1" = volume ] && return 0
	# Each later stage reads a larger file than the export (the
	# canonical table adds columns); raw libcsv on that very file is
	# the second ceiling the targets are read against.
	if have normalise && input "$EVAL" kk-normalise; then
		run "raw libcsv parse of the next step's input" \
		    "$CACHE/csvraw" "$EVAL" ','
		run "kk-normalise" "$BIN/kk-normalise" -o "$NORM" "$EVAL"
	fi
	if have size && input "$NORM" kk-size; then
		run "raw libcsv parse of the next step's input" \
		    "$CACHE/csvraw" "$NORM" ','
		run "kk-size" "$BIN/kk-size" --population "$POP" -o "$SCORES" "$NORM"
	fi
	if have stats && input "$SCORES" kk-stats; then
		# The bootstrap is measured on its own; here it would
		# dominate everything else.  A run past
		# BENCH_STATS_TIMEOUT is stopped and reported so.
		TIMEOUT=${BENCH_STATS_TIMEOUT:-120} \
		run "kk-stats --bootstrap 0" "$BIN/kk-stats" --bootstrap 0 \
		    -d "$W/tables" "$SCORES"
		# summary.csv alone: one pass, memory by groups (the
		# grouped statistics datamash and mlr compute below)
		run "kk-stats --tables summary --bootstrap 0" "$BIN/kk-stats" \
		    --tables summary --bootstrap 0 -d "$W/tables-summary" "$SCORES"
	fi
	if have model && input "$SCORES" kk-model; then
		# The default models, every country and area, CR1; then R
		# fitting the same on the same file, once (it takes minutes).
		run "kk-model (default models, cluster-robust)" "$BIN/kk-model" \
		    -o "$W/size_model.csv" "$SCORES"
		command -v Rscript >/dev/null 2>&1 && REPEAT=1 \
		run "R: lm and CR1 of the same models (bench/model.R)" \
		    Rscript bench/model.R "$SCORES" &&
		note "$(cat "$W/stdout"); kk-model: $(awk -F, '$2 == "ALL" &&
		    $3 == "total" && $4 == "log10_population" &&
		    $1 ~ /year$/ { print "size effect " $5 " (se " $6 ")" }' \
		    "$W/size_model.csv")"
	fi
	if [ -x "$BIN/kk-ingest" ] && [ -x "$BIN/kk-normalise" ] &&
	   [ -x "$BIN/kk-size" ]; then
		# Through pipes, as a user would chain them; if that fails,
		# through files (the note says why).
		run "whole chain: ingest, normalise, size through pipes" sh -c "
		    set -e
		    \"$BIN/kk-ingest\" \"$EXPORT\" | \"$BIN/kk-normalise\" - |
		    \"$BIN/kk-size\" --population \"$POP\" -o \"$W/chain.csv\" -" ||
		run "whole chain: ingest, normalise, size through files" sh -c "
		    set -e
		    \"$BIN/kk-ingest\" -o \"$W/c1.csv\" \"$EXPORT\"
		    \"$BIN/kk-normalise\" -o \"$W/c2.csv\" \"$W/c1.csv\"
		    \"$BIN/kk-size\" --population \"$POP\" -o \"$W/chain.csv\" \"$W/c2.csv\""
		rm -f "$W/chain.csv" "$W/c1.csv" "$W/c2.csv"
	fi
}

# 1. Volume: ROWS area rows.  Beyond 3,999 municipalities per country
# kk-synth's four-digit codes repeat (kk-ingest takes no longer ones), so
# evaluation ids repeat and kk-normalise rightly refuses the file: here
# only the streaming reader is measured against the tools.
EVALS=$(( (ROWS + 7) / 8 ))
synth "volume-$ROWS" "$EVALS"
VOLUME=$(describe "$EXPORT")
section "Volume: $ROWS area rows, $VOLUME"
run "raw libcsv parse (bench/csvraw.c)" "$CACHE/csvraw" "$EXPORT" ','
stages volume
grouped export "$EXPORT"

# 2. The whole pipeline: the largest export whose evaluation ids are all
# distinct: a panel, every synthetic municipality every year 2002-2025.
PANEL=${BENCH_PANEL:-180000}
synth "panel-$PANEL" "$PANEL" --every-year
PANELDESC=$(describe "$EXPORT")
section "Pipeline: panel of $PANEL evaluations, $PANELDESC"
run "raw libcsv parse (bench/csvraw.c)" "$CACHE/csvraw" "$EXPORT" ','
stages panel
if [ -s "$W/scores.csv" ]; then
	cp "$W/scores.csv" "$W/panel-scores.csv"
	grouped scores.csv "$W/panel-scores.csv"
fi

# 3. kk-stats as n grows, beside datamash and mlr on the same scores.csv.
scores_of() { # EVALUATIONS -> $W/scores-N.csv (a panel: distinct ids)
	"$BIN/kk-synth" --seed "$SEED" --evaluations "$1" --layout wide --every-year \
	    --population-out "$W/p-$1.csv" -o "$W/x-$1.csv" 2>"$W/prep.err" &&
	"$BIN/kk-ingest" -o "$W/e-$1.csv" "$W/x-$1.csv" 2>"$W/prep.err" &&
	"$BIN/kk-normalise" -o "$W/n-$1.csv" "$W/e-$1.csv" 2>"$W/prep.err" &&
	"$BIN/kk-size" --population "$W/p-$1.csv" -o "$W/scores-$1.csv" \
	    "$W/n-$1.csv" 2>"$W/prep.err"
}
if [ -x "$BIN/kk-stats" ] && [ -x "$BIN/kk-size" ] &&
   [ -x "$BIN/kk-normalise" ] && [ -x "$BIN/kk-ingest" ]; then
	for n in ${BENCH_STATS_N:-2000 8000 32000}; do
		scores_of "$n" || { note "scores for n = $n failed: $(grep -v 'rows read\|joined' "$W/prep.err" | head -c 300 | tr '\n' ' ')"; continue; }
		EXPORT=$W/scores-$n.csv
		section "kk-stats on $n evaluations: scores.csv, $(describe "$EXPORT")"
		run "kk-stats --bootstrap 0" "$BIN/kk-stats" --bootstrap 0 \
		    -d "$W/t-$n" "$EXPORT"
		run "kk-stats --tables summary --bootstrap 0" "$BIN/kk-stats" \
		    --tables summary --bootstrap 0 -d "$W/s-$n" "$EXPORT"
		grouped "scores.csv" "$EXPORT"
	done
	# The bootstrap of Spearman's rho: B = 10,000, n = 1,000 (one
	# country, so that each area's correlation rests on 1,000).
	"$BIN/kk-synth" --seed "$SEED" --evaluations 1000 --country NO \
	    --layout wide --population-out "$W/p-boot.csv" -o "$W/x-boot.csv" &&
	"$BIN/kk-ingest" -o "$W/e-boot.csv" "$W/x-boot.csv" 2>/dev/null &&
	"$BIN/kk-normalise" -o "$W/n-boot.csv" "$W/e-boot.csv" 2>/dev/null &&
	"$BIN/kk-size" --population "$W/p-boot.csv" -o "$W/scores-boot.csv" \
	    "$W/n-boot.csv" 2>/dev/null && {
		EXPORT=$W/scores-boot.csv
		section "Bootstrap: n = 1000 evaluations (NO), B = 10000"
		run "kk-stats --bootstrap 10000" "$BIN/kk-stats" \
		    --bootstrap 10000 --seed 1 -d "$W/t-boot" "$EXPORT"
		run "kk-stats --bootstrap 0 (the rest, for the difference)" \
		    "$BIN/kk-stats" --bootstrap 0 -d "$W/t-boot0" "$EXPORT"
		# how many intervals the bootstrap run computed
		NCOR=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++)
		    if ($i == "rho_boot_ci_low") c = i; next }
		    c && $c != "" { n++ } END { print n + 0 }' \
		    "$W/t-boot/size_correlation.csv" 2>/dev/null)
	}
else
	note "kk-stats or an earlier stage does not exist yet: statistics skipped"
fi

# ---- profile -----------------------------------------------------------
PROFILE=""
if [ "${BENCH_PROFILE:-1}" != 0 ] && command -v valgrind >/dev/null 2>&1 &&
   [ -x "$BIN/kk-ingest" ]; then
	echo "bench: callgrind profile of kk-ingest" >&2
	"$BIN/kk-synth" --seed "$SEED" --evaluations 20000 -o "$W/prof.csv" 2>/dev/null
	RAWIR=$(valgrind --tool=callgrind --callgrind-out-file="$W/cg-raw.out" \
	    "$CACHE/csvraw" "$W/prof.csv" 2>&1 >/dev/null |
	    awk '/I *refs:/ { print $NF }')
	valgrind --tool=callgrind --callgrind-out-file="$W/cg.out" \
	    "$BIN/kk-ingest" -o "$W/prof-ev.csv" "$W/prof.csv" >/dev/null 2>&1 &&
	PROFILE=$(callgrind_annotate --inclusive=yes "$W/cg.out" 2>/dev/null |
	    awk -v top="$(pwd)/" '/PROGRAM TOTALS/ { print; next }
	    /Auto-annotated source/ { exit }  # the function list ends here
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
	echo "Rerun it rather than editing the numbers; the commentary at the end is"
	echo "bench/analysis.md."
	echo
	echo "## Machine"
	echo
	echo "- CPUs (nproc): $(nproc); model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo "- memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- kernel: $(uname -sr); $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
	echo "- compiler: $(ver cc --version); stages built with -O2"
	echo "- libcsv: $(dpkg-query -W -f='${Version}' libcsv-dev 2>/dev/null); GSL: $(dpkg-query -W -f='${Version}' libgsl-dev 2>/dev/null)"
	if command -v datamash >/dev/null 2>&1; then echo "- $(ver datamash --version)"; fi
	if command -v mlr >/dev/null 2>&1; then echo "- Miller: $(ver mlr --version)"; fi
	echo
	echo "## Results"
	echo
	echo "Inputs are \`kk-synth --seed $SEED --layout long --dialect en\` exports:"
	echo "8 area rows and a total row per evaluation, every row with its"
	echo "municipality's name and the source \"synthetic (kk-synth seed $SEED)\""
	echo "(hence about 59 bytes a row rather than the 30 first estimated)."
	echo "Wall and CPU seconds and peak resident memory from \`/usr/bin/time -v\`,"
	echo "of the run with the least CPU time out of $REPEAT (\`BENCH_REPEAT\`);"
	echo "\"CPU s range\" is the least and the most CPU time over those runs, and"
	echo "each ratio under Targets gives the range the runs allow (the worst"
	echo "run of one against the best of the other, both ways)."
	echo "The machine is shared (see the load average above), so wall time"
	echo "includes waiting for a CPU: throughput and ratios use CPU time (user"
	echo "+ sys).  MB/s is the section's input size over CPU time (the same rows"
	echo "for every stage); \"x raw\" is raw libcsv's CPU time on the section's"
	echo "export over the step's (1.00 = as fast as the ceiling).  The stages"
	echo "after kk-ingest read larger files than the export (the canonical"
	echo "table adds columns): the row \"raw libcsv parse of the next step's"
	echo "input\" times libcsv on that very file, and the targets give both"
	echo "ratios.  For a shell"
	echo "pipeline the peak is that of its largest process and CPU time is the"
	echo "sum over its processes.  Status 124: stopped by the timeout."
	raw=""
	while IFS='|' read -r name w u s r st bytes lo hi; do
		case $name in
		"## "*)
			echo
			echo "#$name"
			echo
			echo "| step | wall s | user s | sys s | CPU s range | peak RSS MB | MB/s (CPU) | x raw (CPU) | status |"
			echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
			raw=""
			continue ;;
		esac
		cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
		case $name in "raw libcsv parse (bench/csvraw.c)") raw=$cpu ;; esac
		mbs=$(ratio "$bytes" "$(awk -v w="$cpu" 'BEGIN { print w * 1e6 }')")
		xr=-; [ -n "$raw" ] && xr=$(ratio "$raw" "$cpu")
		echo "| $name | $w | $u | $s | $lo-$hi | $r | $mbs | $xr | $st |"
	done <"$W/rows"
	echo
	echo "## Targets"
	echo
	awk -F'|' '
	# a ratio, or why there is none: /usr/bin/time counts in 0.01 s
	function x(a, b, fmt) { return a > 0 && b > 0 ? sprintf(fmt, a / b) : "(not measurable: under 0.01 s of CPU)" }
	# the same with the range over the runs: a over b, each in [lo, hi]
	function xr(a, alo, ahi, b, blo, bhi, fmt) {
		if (!(a > 0 && b > 0 && alo > 0 && blo > 0)) return x(a, b, fmt)
		return sprintf(fmt " (runs: " fmt "-" fmt ")", a / b, alo / bhi, ahi / blo) }
	/^## / { sec = substr($0, 4); sub(/,.*/, "", sec); raw = ""; st = ""; sm = ""; next }
	{ cpu = $3 + $4; lo = $8; hi = $9 }
	/^raw libcsv parse \(/ { raw = cpu; rlo = lo; rhi = hi }
	/^raw libcsv parse of the next/ { own = cpu; olo = lo; ohi = hi; next }
	/^kk-(ingest|normalise|size)\|/ && raw != "" && $6 == 0 {
		printf "- %s, %s: %s of raw libcsv throughput on the same rows (the export; CPU; target: at least 70 %%)\n", $1, sec, xr(100 * raw, 100 * rlo, 100 * rhi, cpu, lo, hi, "%.0f %%")
		if (own != "")
			printf "- %s, %s: %s of raw libcsv throughput on its own input file (CPU; target: at least 70 %%)\n", $1, sec, xr(100 * own, 100 * olo, 100 * ohi, cpu, lo, hi, "%.0f %%")
		own = "" }
	/^kk-stats --bootstrap 0\|/ { st = cpu; stlo = lo; sthi = hi; strss = $5; stst = $6 }
	/^kk-stats --tables summary --bootstrap 0\|/ { sm = cpu; smlo = lo; smhi = hi; smrss = $5; smst = $6 }
	/^datamash -s -g country,area count mean sstdev \(scores/ && st != "" && stst == 0 {
		printf "- %s: kk-stats, every table, at %s the speed of datamash -s (CPU; target: at least 2x); peak memory kk-stats %s MB, datamash %s MB\n", sec, xr(cpu, lo, hi, st, stlo, sthi, "%.2fx"), strss, $5 }
	/^datamash -s -g country,area count mean sstdev \(scores/ && sm != "" && smst == 0 && $6 == 0 {
		printf "- %s: kk-stats --tables summary at %s the speed of datamash -s (CPU; target: 8x); peak memory kk-stats %s MB, datamash %s MB\n", sec, xr(cpu, lo, hi, sm, smlo, smhi, "%.2fx"), smrss, $5 }
	/^mlr stats1 -a count,mean,stddev -g country,area \(scores/ && st != "" && stst == 0 {
		printf "- %s: kk-stats, every table, at %s the speed of mlr stats1 (CPU); peak memory kk-stats %s MB, mlr %s MB\n", sec, xr(cpu, lo, hi, st, stlo, sthi, "%.2fx"), strss, $5 }
	/^mlr stats1 -a count,mean,stddev -g country,area \(scores/ && sm != "" && smst == 0 && $6 == 0 {
		printf "- %s: kk-stats --tables summary at %s the speed of mlr stats1 (CPU; target: 8x); peak memory kk-stats %s MB, mlr %s MB\n", sec, xr(cpu, lo, hi, sm, smlo, smhi, "%.2fx"), smrss, $5 }
	/^kk-model \(default models/ { km = cpu; kmlo = lo; kmhi = hi; kmst = $6 }
	/^R: lm and CR1/ && km != "" && kmst == 0 && $6 == 0 {
		printf "- %s: kk-model fitted the four default models for every country and area in %.2f s CPU (runs: %.2f-%.2f; target: under 2 s), R (lm and CR1, bench/model.R) in %.2f s: kk-model %s faster\n", sec, km, kmlo, kmhi, cpu, x(cpu, km, "%.1fx") }
	/^kk-stats --bootstrap 10000/ { boot = cpu; bw = $2 }
	/^kk-stats --bootstrap 0 \(the rest/ && boot != "" {
		printf "- bootstrap of Spearman rho, B = 10000, n = 1000: the whole kk-stats run with %s intervals took %.2f s CPU (%s s wall), %.2f s more than without the bootstrap (target: under 1 s); a cell whose sample repeats that of an earlier cell (normalised = raw, ALL = NO here) reuses its interval\n", ncor, boot, bw, boot - cpu }
	' ncor="${NCOR:-36}" "$W/rows"
	if [ -n "$notes" ]; then echo; echo "## Notes from this run"; echo "$notes"; fi
	if [ -n "$PROFILE" ]; then
		echo
		echo "## Profile: kk-ingest under callgrind"
		echo
		echo "\`valgrind --tool=callgrind\` on a 180,000-row export (20,000 evaluations),"
		echo "instructions inclusive of callees, largest first.  The same file"
		echo "through bench/csvraw.c (raw libcsv) costs $RAWIR instructions."
		echo
		echo '```'
		echo "$PROFILE"
		echo '```'
	fi
	if [ -f bench/analysis.md ]; then echo; cat bench/analysis.md; fi
} >"$W/results.md"
mv "$W/results.md" "$OUT" || exit 1
echo "bench: wrote $OUT" >&2
