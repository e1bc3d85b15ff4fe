#!/bin/sh
# Golden end-to-end tests, datamash/jq style: every directory under the
# given root holding a file `cmd` is one case.
#   cmd        one shell command, run in the case's directory with the
#              programs under test first on PATH and LC_ALL=C
#   stdin      fed to the command (default: /dev/null)
#   out        expected stdout, byte for byte (absent: not checked)
#   err        expected stderr, byte for byte (absent: not checked)
#   err-has    lines that must each occur somewhere in stderr
#   out-has    lines that must each occur somewhere in stdout
#   status     expected exit status (default 0)
#   after      shell commands run after cmd in the same directory; the
#              case fails if they exit non-zero (e.g. "no file left")
# Prints one line per failure and a closing "N passed, N failed".
set -u
root=${1:?usage: run-cases.sh DIR}
: "${KK_BIN:?set KK_BIN to the directory of the programs}"
PATH=$KK_BIN:$PATH; export PATH
LC_ALL=C; export LC_ALL
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for cmdf in $(find "$root" -name cmd -type f | sort); do
	d=$(dirname "$cmdf"); name=${d#"$root"/}
	in=/dev/null; [ -f "$d/stdin" ] && in="$d/stdin"
	(cd "$d" && sh ./cmd) <"$in" >"$tmp/out" 2>"$tmp/err"
	st=$?
	want=0; [ -f "$d/status" ] && want=$(cat "$d/status")
	why=""
	[ "$st" = "$want" ] || why="exit status $st, expected $want"
	if [ -z "$why" ] && [ -f "$d/out" ] && ! cmp -s "$d/out" "$tmp/out"; then
		why="stdout differs:
$(diff "$d/out" "$tmp/out" | head -20)"
	fi
	if [ -z "$why" ] && [ -f "$d/err" ] && ! cmp -s "$d/err" "$tmp/err"; then
		why="stderr differs:
$(diff "$d/err" "$tmp/err" | head -20)"
	fi
	for kind in err out; do
		[ -z "$why" ] && [ -f "$d/$kind-has" ] || continue
		while IFS= read -r line; do
			[ -n "$line" ] || continue
			grep -qF -- "$line" "$tmp/$kind" || { why="$kind lacks: $line"; break; }
		done <"$d/$kind-has"
	done
	if [ -z "$why" ] && [ -f "$d/after" ]; then
		a=$(cd "$d" && sh ./after 2>&1) || why="after-check failed: $a"
	fi
	if [ -z "$why" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name: $why"
		echo "--- stderr was:"; head -5 "$tmp/err"
	fi
done
echo "$(basename "$root"): $pass passed, $fail failed"
[ "$fail" = 0 ]
