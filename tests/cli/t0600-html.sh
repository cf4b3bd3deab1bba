#!/bin/bash
# The HTML report (--format html) against reviewed golden pages: one type,
# and two types that together show every shade of cell (first present,
# same, changed, absent, no data) and change lists. The page must be self-
# contained: nothing in it may point outside it. t0610 renders the pages
# in a browser.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
golden report-vfio_pci_regops.html "$KABISCAN" report --format html "$DEB"/* -t vfio_pci_regops
golden report-vfio_device_ops-vfio_pci_device.html "$KABISCAN" report --format html "$DEB"/* \
	-t vfio_device_ops -t vfio_pci_device
for page in report-vfio_pci_regops.html report-vfio_device_ops-vfio_pci_device.html; do
	[ -f "$WORK/$page.out" ] || continue
	if grep -Eiq 'https?:|//[a-z0-9.-]+/|<(script|link|img|iframe|object|embed|base)[ >]|src=|@import|url\(' \
		"$WORK/$page.out"; then
		fail "$page: refers to something outside the page: $(grep -Eio \
			'https?:[^ "]*|<(script|link|img|iframe)[^>]*>|src=[^ >]*|url\([^)]*\)' \
			"$WORK/$page.out" | head -3 | tr '\n' ' ')"
	else
		pass "$page: self-contained"
	fi
done
# -o writes the same page.
"$KABISCAN" report --format html "$DEB"/* -t vfio_pci_regops -o "$WORK/page.html" 2>"$WORK/err"
if normalise <"$WORK/page.html" | cmp -s - "$GOLDEN/report-vfio_pci_regops.html"; then
	pass "-o writes the page"
else
	fail "-o: the page differs from the golden page: $(head -c 300 "$WORK/err")"
fi
finish
