#!/bin/bash
# Resource bounds: the decompression cap refuses a bomb with one error line,
# and valgrind finds no leak or memory error in the report over the corpus.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
V=$DEB/6.1.0-50-amd64/boot/vmlinuz-6.1.0-50-amd64
expect_error "cannot decompress '$V': output exceeds 10485760 bytes \\(decompression bomb\\?\\)" \
	"$KABISCAN" show "$DEB/6.1.0-50-amd64" -t task_struct --max-decompressed 10
expect_exit 2 "$KABISCAN" show "$DEB/6.1.0-50-amd64" -t task_struct --max-decompressed 0

need_tool valgrind
if ldd "$KABISCAN" 2>/dev/null | grep -q libasan; then
	# valgrind cannot run an ASan binary; the plain make check runs this.
	echo "skip - $TEST_NAME: valgrind: $KABISCAN is built with AddressSanitizer"
	finish
	exit
fi
if valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
	"$KABISCAN" report "$DEB"/* -t vfio_pci_regops,task_struct >"$WORK/out" 2>"$WORK/vg"; then
	if cmp -s <(head -n "$(wc -l <"$GOLDEN/report-vfio_pci_regops.txt")" "$WORK/out") \
		"$GOLDEN/report-vfio_pci_regops.txt"; then
		pass "valgrind: no leak or error over the whole corpus, same report"
	else
		fail "the report under valgrind differs from the golden report"
	fi
else
	fail "valgrind: $(grep -m5 -E 'Invalid|uninitialised|definitely|indirectly|ERROR SUMMARY' "$WORK/vg")"
fi
finish
