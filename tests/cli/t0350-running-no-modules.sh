#!/bin/bash
# The running kernel without /lib/modules/$(uname -r) (a container, a
# minimal VM): a type not in vmlinux could be in a module nobody can read,
# so it is no-data ("no modules found"), not absent. Runs only where the
# machine is like that: /sys/kernel/btf/vmlinux readable, no module tree.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool jq
rel=$(uname -r)
[ -r /sys/kernel/btf/vmlinux ] || skip "/sys/kernel/btf/vmlinux is not readable here"
if [ -d "/lib/modules/$rel" ] || [ -d "/usr/lib/modules/$rel" ]; then
	skip "/lib/modules/$rel exists here: the running kernel's modules can be read"
fi

# vfio_pci_regops lives in vfio-pci-core.ko: present on a corpus kernel,
# unknowable on the running one.
if "$KABISCAN" report / "$DEB/6.1.0-50-amd64" -t vfio_pci_regops --format json \
	>"$WORK/out.json" 2>"$WORK/err"; then
	got=$(jq -r --arg r "$rel" '.cells[] | select(.release == $r) | "\(.state): \(.reason)"' \
		"$WORK/out.json")
	want="no-data: not in vmlinux; no modules found (no /lib/modules/$rel)"
	if [ "$got" = "$want" ]; then
		pass "running kernel without modules: $got"
	else
		fail "running kernel without modules: got '$got', want '$want'"
	fi
else
	fail "report / exit non-zero: $(head -c 300 "$WORK/err")"
fi

# A type vmlinux has is still present.
if "$KABISCAN" show / -t task_struct >"$WORK/task" 2>"$WORK/err" &&
	head -1 "$WORK/task" | grep -qx 'struct task_struct {'; then
	pass "running kernel without modules: vmlinux types are present"
else
	fail "show / -t task_struct: $(head -c 300 "$WORK/err")"
fi
finish
