#!/bin/bash
# "sym NAME" spec entries end to end, with a module built by Kbuild against
# Debian's linux-headers-6.1.0-50-amd64 (tests/cli/symuse): kabiscan header
# writes KABI_EXPORTED_/KABI_EXPORT_GPL_ for them; the module reads jiffies
# because the header says it is exported and leaves out a symbol the header
# says is not, so modpost links it; the built module loads on the corpus
# kernel, and deps writes "sym jiffies" for it. Skips without the headers.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/cli/kbuild.sh
. "$(dirname "$0")/kbuild.sh"
need_corpus
REL=6.1.0-50-amd64
kbuild_for "$REL"

cp -r "$TOP/tests/cli/symuse" "$WORK/m"
printf 'sym jiffies\nsym kabiscan_not_exported\n' >"$WORK/sym.spec"
"$KABISCAN" header "$DEB/$REL" --spec "$WORK/sym.spec" -o "$WORK/m/compat.h" 2>"$WORK/err" ||
	fail "header: $(cat "$WORK/err")"
golden header-sym.txt grep KABI_EXPORT "$WORK/m/compat.h"
if make -C "$KDIR" M="$WORK/m" modules >"$WORK/build.log" 2>&1; then
	pass "a module testing KABI_EXPORTED_ of sym entries builds and links"
else
	fail "the module does not build: $(grep -m3 -E 'error|ERROR' "$WORK/build.log")"
	finish
	exit
fi
expect_exit 0 "$KABISCAN" modcheck "$WORK/m/symuse.ko" "$DEB/$REL"
"$KABISCAN" deps "$WORK/m/symuse.ko" "$DEB/$REL" >"$WORK/deps.spec" 2>"$WORK/err" ||
	fail "deps: $(cat "$WORK/err")"
if grep -qx 'sym jiffies' "$WORK/deps.spec" && ! grep -q kabiscan_not_exported "$WORK/deps.spec"; then
	pass "deps of the module: 'sym jiffies', nothing of the symbol left out"
else
	fail "deps of the module: $(grep -v '^#' "$WORK/deps.spec" | head -5)"
fi
finish
