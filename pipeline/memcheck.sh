#!/bin/sh
# Run the whole `make analysis` chain under valgrind memcheck on data/.
#   make memcheck
# pipeline/analysis.mk puts $(KK_WRAP) in front of every stage command;
# here that is valgrind, which exits 99 on any memory error or definite
# leak, so make stops at the first stage that has one.  Outputs go to
# build/memcheck-out/, never to out/.  Valgrind's reports go to
# build/memcheck-out/valgrind.<pid>.log; those with errors are printed.
set -u
cd "$(dirname "$0")/.."
sh pipeline/deps.sh valgrind || exit 1
mk=pipeline/analysis.mk
[ -f "$mk" ] || { echo "memcheck: $mk: missing" >&2; exit 1; }
# A chain that ignored KK_WRAP would "pass" without checking anything.
grep -q 'KK_WRAP' "$mk" || {
	echo "memcheck: $mk does not use KK_WRAP; nothing would be checked" >&2
	exit 1
}
out=build/memcheck-out
bin=${BIN:-bin}     # `make memcheck BIN=dir` checks the programs in dir
rm -rf "$out"
mkdir -p "$out"
logs=$(pwd)/$out
wrap="valgrind --tool=memcheck --error-exitcode=99 --leak-check=full"
wrap="$wrap --errors-for-leak-kinds=definite --track-origins=yes"
wrap="$wrap --log-file=$logs/valgrind.%p.log"
make --no-print-directory -f "$mk" analysis BIN="$bin" OUT="$out" \
    KK_WRAP="$wrap"
st=$?
n=$(ls "$out"/valgrind.*.log 2>/dev/null | wc -l)
bad=0
for log in "$out"/valgrind.*.log; do
	[ -f "$log" ] || continue
	grep -q 'ERROR SUMMARY: 0 errors' "$log" && continue
	bad=$((bad + 1))
	echo "== $log" >&2
	cat "$log" >&2
done
if [ "$n" = 0 ]; then
	echo "memcheck: no stage ran under valgrind" >&2
	exit 1
fi
if [ "$st" != 0 ] || [ "$bad" != 0 ]; then
	echo "memcheck: FAILED (make exit $st, $bad of $n runs with errors)" >&2
	exit 1
fi
echo "memcheck: clean, $n stage runs under valgrind" >&2
