#!/bin/bash
# kabiscan modcheck on modules built with Kbuild against Debian's
# linux-headers-6.1.0-50-amd64 (tests/cli/modcheck): as built they load on
# the corpus kernel; with .modinfo patched afterwards (modpost refuses to
# link them otherwise) to a non-GPL license that uses the GPL-only
# ktime_get, and to an import_ns that is not DMA_BUF for dma_buf_get, they
# do not, for exactly that reason. Skips without the headers (no network).
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/cli/kbuild.sh
. "$(dirname "$0")/kbuild.sh"
need_corpus
need_tool make
need_tool perl
need_tool dpkg
REL=6.1.0-50-amd64
[ "$(dpkg --print-architecture)" = amd64 ] ||
	skip "the headers are amd64 ones; this is $(dpkg --print-architecture)"
[ -d "$DEB/$REL" ] || skip "corpus has no $REL"
headers_tree "$REL" || skip "no linux-headers-$REL"
cc=$(compiler "$KDIR")
need_tool "${cc:-gcc-12}"
need_tool "x86_64-linux-gnu-${cc:-gcc-12}"

cp -r "$TOP/tests/cli/modcheck" "$WORK/m"
if ! make -C "$KDIR" M="$WORK/m" modules >"$WORK/build.log" 2>&1; then
	fail "the test modules do not build: $(grep -m3 -E 'error|ERROR' "$WORK/build.log")"
	finish
	exit
fi
for m in gplonly nsuse; do
	expect_exit 0 "$KABISCAN" modcheck "$WORK/m/$m.ko" "$DEB/$REL"
done

# patch KO FROM TO: replace a .modinfo string by one of the same length.
patch_modinfo() {
	local ko=$1 from=$2 to=$3
	FROM=$from TO=$to perl -0777 -pi -e 's/\Q$ENV{FROM}\E\0/$ENV{TO}\0/ or die' "$ko" ||
		fail "cannot patch '$from' in $ko"
}
cp "$WORK/m/gplonly.ko" "$WORK/gplonly-mit.ko"
patch_modinfo "$WORK/gplonly-mit.ko" license=GPL license=MIT
cp "$WORK/m/nsuse.ko" "$WORK/nsuse-other-ns.ko"
patch_modinfo "$WORK/nsuse-other-ns.ko" import_ns=DMA_BUF import_ns=DMA_BUX
GOLDEN_EXIT=8 golden modcheck-kbuild-gplonly.txt "$KABISCAN" modcheck "$WORK/gplonly-mit.ko" "$DEB/$REL"
GOLDEN_EXIT=8 golden modcheck-kbuild-nsuse.txt "$KABISCAN" modcheck "$WORK/nsuse-other-ns.ko" "$DEB/$REL"
finish
