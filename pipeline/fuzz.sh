#!/bin/sh
# Fuzz the CSV reader with libFuzzer for SECONDS seconds (default 60).
#   make fuzz SECONDS=1800
# Builds tests/fuzz/fuzz_reader.c with every lib/*.c under clang's
# fuzzer, ASan and UBSan into build/fuzz/, seeds it from tests/fuzz/corpus
# (read-only) and keeps what it learns in build/fuzz/corpus.  A crash,
# leak, timeout or broken contract is written to build/fuzz/crashes/ and
# the script exits non-zero.  The log is build/fuzz/fuzz.log.
set -u
cd "$(dirname "$0")/.."
secs=${1:-60}
case $secs in
''|*[!0-9]*) echo "fuzz: SECONDS must be a whole number, not '$secs'" >&2; exit 2 ;;
esac
CC=${FUZZ_CC:-clang-14}
# The fuzzer runtime (libclang_rt.fuzzer) ships in libclang-rt-14-dev.
sh pipeline/deps.sh clang-14 libclang-rt-14-dev || exit 1

out=build/fuzz
mkdir -p "$out/corpus" "$out/crashes"
stamp=$out/.started; : >"$stamp"
echo "fuzz: building $out/fuzz_reader" >&2
# No -Werror: clang warns about things gcc does not; the stages' own
# build (gcc, -Werror) is the gate for warnings.
$CC -std=c17 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -Ilib \
    -g -O1 -fno-omit-frame-pointer \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -o "$out/fuzz_reader" tests/fuzz/fuzz_reader.c lib/*.c \
    -lcsv -lgsl -lgslcblas -lm || exit 1

# New inputs go to the first corpus directory; the seeds stay untouched.
echo "fuzz: running for $secs s, log in $out/fuzz.log" >&2
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
"$out/fuzz_reader" -max_total_time="$secs" -max_len=16384 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 \
    -dict=tests/fuzz/csv.dict -artifact_prefix="$out/crashes/" \
    "$out/corpus" tests/fuzz/corpus >"$out/fuzz.log" 2>&1
st=$?
tail -n 25 "$out/fuzz.log" >&2
found=$(find "$out/crashes" -type f -newer "$stamp" | wc -l)
if [ "$st" != 0 ] || [ "$found" != 0 ]; then
	echo "fuzz: FAILED (exit $st); reproducers in $out/crashes:" >&2
	ls -l "$out/crashes" >&2
	exit 1
fi
echo "fuzz: clean after $secs s; corpus $(ls "$out/corpus" | wc -l) files" >&2
