#!/bin/bash
# The report over the whole corpus, in every format, against reviewed golden files.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
golden report-vfio_pci_regops.txt "$KABISCAN" report "$DEB"/* -t vfio_pci_regops
golden report-vfio_pci_regops.ascii.txt "$KABISCAN" report --ascii "$DEB"/* -t vfio_pci_regops
golden report-vfio_pci_regops.json "$KABISCAN" report --format json "$DEB"/* -t vfio_pci_regops
golden report-vfio_pci_regops.md "$KABISCAN" report --format markdown "$DEB"/* -t vfio_pci_regops
# A vmlinux type that changes across versions, arches and flavours.
golden report-resource-pid_type.txt "$KABISCAN" report "$DEB"/* -t 'struct resource,enum pid_type'
# A directory of kernel roots stands for the roots below it, in name order.
"$KABISCAN" report "$DEB" -t vfio_pci_regops >"$WORK/parent.txt" 2>&1
if cmp -s "$WORK/parent.txt" "$GOLDEN/report-vfio_pci_regops.txt"; then
	pass "a directory of roots reports like its roots"
else
	fail "report of $DEB differs from report of $DEB/*"
fi
finish
