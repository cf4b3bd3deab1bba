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
# Architectures compared honestly: on i386 file_operations and the vfio ops
# differ only as ILP32 makes them (one line each, equal in JSON); struct
# resource's resource_size_t is 4 bytes there (phys_addr_t without PAE), a
# declaration the data model does not explain, so its offsets count.
ARCH=("$DEB/6.1.0-50-amd64" "$DEB/6.1.0-50-686" "$DEB/6.1.0-50-arm64")
ARCH_T=(-t file_operations -t 'struct resource' -t vfio_pci_regops -t vfio_device_ops)
golden report-arch-ilp32.txt "$KABISCAN" report "${ARCH[@]}" "${ARCH_T[@]}"
"$KABISCAN" report --format json "${ARCH[@]}" "${ARCH_T[@]}" >"$WORK/arch.json"
got=$(jq -c '[.comparisons[] | select(.b == "i386") | [.name, .equal, .layout_follows,
	(.changes | length)]]' "$WORK/arch.json")
want='[["file_operations",true,"ILP32",0],["resource",false,null,8],'
want+='["vfio_pci_regops",true,"ILP32",0],["vfio_device_ops",true,"ILP32",0]]'
if [ "$got" = "$want" ]; then
	pass "JSON: the i386 comparisons follow ILP32 but struct resource's"
else
	fail "JSON i386 comparisons: $got, not $want"
fi
# A directory of kernel roots stands for the roots below it, in name order.
"$KABISCAN" report "$DEB" -t vfio_pci_regops >"$WORK/parent.txt" 2>&1
if cmp -s "$WORK/parent.txt" "$GOLDEN/report-vfio_pci_regops.txt"; then
	pass "a directory of roots reports like its roots"
else
	fail "report of $DEB differs from report of $DEB/*"
fi
finish
