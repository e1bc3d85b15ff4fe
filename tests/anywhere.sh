#!/bin/sh
# The case suite in a clone of this repository at a path as awkward as a
# user's may be: below a directory only its owner can enter (a clone in
# root's home), with a non-ASCII letter and a space in it, and TMPDIR a
# private directory.  It runs as whoever runs it (root in CI), builds the
# clone's own programs (their dictionary path is compiled in) and runs
# tests/cases and tests/hostile there.  A clone holds only what is
# committed, as CI's does.
#   usage: tests/anywhere.sh   (make anywhere; the last step of make test)
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
t=$(mktemp -d) || exit 1
trap 'chmod -R u+w "$t" 2>/dev/null; rm -rf "$t"' EXIT
trap 'exit 2' HUP INT TERM
chmod 700 "$t"
mkdir "$t/tmp" "$t/kommune-ø" && chmod 700 "$t/tmp" || exit 1
dir="$t/kommune-ø/kom pass"

# git refuses a repository another user owns (a read-only checkout tested
# by someone else); this is only a clone of it.
if [ ! -O "$src" ]; then
	printf '[safe]\n\tdirectory = *\n' >"$t/gitconfig"
	GIT_CONFIG_GLOBAL=$t/gitconfig; export GIT_CONFIG_GLOBAL
fi
git -C "$src" rev-parse -q --verify HEAD >/dev/null 2>&1 || {
	echo "anywhere: $src is not a git repository with a commit; nothing to clone" >&2
	exit 1
}
echo "== the case suite in a clone of $(git -C "$src" rev-parse --short HEAD)" \
    "in a 0700 directory, TMPDIR private: $dir"
[ -z "$(git -C "$src" status --porcelain --untracked-files=no)" ] ||
	echo "anywhere: (uncommitted changes are not in the clone)"
git clone -q "$src" "$dir" || exit 1
cd "$dir" || exit 1
# As a fresh login would: none of the outer make's variables (O=, SAN=,
# BIN= reach a sub-make through the environment too), TMPDIR private.
clean() {
	env -i PATH="$PATH" HOME="${HOME:-/}" TMPDIR="$t/tmp" \
	    ${GIT_CONFIG_GLOBAL:+GIT_CONFIG_GLOBAL="$GIT_CONFIG_GLOBAL"} "$@"
}
clean make --no-print-directory -s -j2 all >"$t/build.log" 2>&1 ||
	{ tail -20 "$t/build.log"; echo "anywhere: the build failed in $dir" >&2; exit 1; }
# The slow cases ran in the release build already; here they would
# test nothing about the path that the others do not.
clean env KK_SKIP_SLOW=1 make --no-print-directory -s -k cases hostile
