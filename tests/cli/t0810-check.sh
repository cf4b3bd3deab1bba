#!/bin/bash
# kabiscan snapshot, check and deps: golden baselines, checks of corpus
# kernels against them, exit bits, broken baselines, specs from modules.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
SPEC=$TOP/tests/cli/diff/vfio.spec
BASE=$WORK/baseline.json

golden baseline-6.1.0-50-amd64.json "$KABISCAN" snapshot "$DEB/6.1.0-50-amd64" \
	--spec "$SPEC" -o -
"$KABISCAN" snapshot "$DEB/6.1.0-50-amd64" --spec "$SPEC" -o "$BASE"
"$KABISCAN" snapshot "$DEB/6.1.0-50-amd64" --spec "$SPEC" -o "$WORK/again.json"
if cmp -s "$BASE" "$WORK/again.json" && cmp -s "$BASE" "$GOLDEN/baseline-6.1.0-50-amd64.json"; then
	pass "snapshot is deterministic and equals the golden baseline"
else
	fail "snapshot differs between runs or from the golden baseline"
fi

# -o onto a FIFO (or /dev/stdout) writes into it; it is not replaced by a file.
mkfifo "$WORK/fifo"
cat "$WORK/fifo" >"$WORK/from-fifo" &
"$KABISCAN" snapshot "$DEB/6.1.0-50-amd64" --spec "$SPEC" -o "$WORK/fifo"
wait
if [ -p "$WORK/fifo" ] && cmp -s "$WORK/from-fifo" "$BASE"; then
	pass "-o FIFO: written in place, still a FIFO"
else
	fail "-o FIFO: replaced or not written"
fi

# The kernel the baseline was taken of passes; later ones drift.
expect_exit 0 "$KABISCAN" check --baseline "$BASE" "$DEB/6.1.0-50-amd64" --fail-on compatible
golden check-vfio.txt "$KABISCAN" check --baseline "$BASE" "$DEB/6.1.0-50-amd64" \
	"$DEB/6.12.117+deb12-amd64" "$DEB/7.2.13+deb14-amd64" --fail-on none
golden check-vfio.junit.xml "$KABISCAN" check --baseline "$BASE" "$DEB/6.1.0-50-amd64" \
	"$DEB/6.12.117+deb12-amd64" "$DEB/7.2.13+deb14-amd64" --format junit --fail-on none
expect_exit 8 "$KABISCAN" check --baseline "$BASE" "$DEB/6.12.117+deb12-amd64"
expect_exit 12 "$KABISCAN" check --baseline "$BASE" "$DEB/6.12.117+deb12-amd64" \
	--fail-on compatible
# Kernels without the modules' type data: an error per type, exit bit 1,
# and one line on stderr with the reason, also when the report goes to a file.
expect_exit 1 "$KABISCAN" check --baseline "$BASE" "$DEB/6.1.0-50-armmp" --fail-on none
bad "^kabiscan: cannot check 6 of 6 types against 6.1.0-50-armmp \(first 'func vfio_pci_core_register_device'\): no type data in 6.1.0-50-armmp: kernel has no type data: no BTF or DWARF found$" \
	check --baseline "$BASE" "$DEB/6.1.0-50-armmp" -q --format junit -o "$WORK/nodata.xml"
if grep -q '<error' "$WORK/nodata.xml" 2>/dev/null; then
	pass "no type data: the JUnit report is written too, with the errors"
else
	fail "no type data: no JUnit report with errors"
fi
# Accepting every change of 6.12 in a suppression file makes it pass; rules
# name the type a change is reported at (struct device, not vfio_device.device),
# and the functions' changed CRCs are accepted by class.
{ printf 'release=6.12.* type="%s"\n' 'struct vfio_*' 'enum vfio_device_mig_state' \
	'struct device' 'struct dev_pm_info'; echo 'release=6.12.* class=crc-changed'; } >"$WORK/accept"
expect_exit 0 "$KABISCAN" check --baseline "$BASE" "$DEB/6.12.117+deb12-amd64" \
	--suppress "$WORK/accept" --fail-on compatible
expect_exit 8 "$KABISCAN" check --baseline "$BASE" "$DEB/7.2.13+deb14-amd64" \
	--suppress "$WORK/accept"

expect_exit 2 "$KABISCAN" check "$DEB/6.1.0-50-amd64"
expect_exit 2 "$KABISCAN" check --baseline "$BASE"
expect_exit 2 "$KABISCAN" check --baseline "$BASE" -t task_struct "$DEB/6.1.0-50-amd64"
expect_exit 2 "$KABISCAN" snapshot "$DEB/6.1.0-50-amd64" --spec "$SPEC"
bad "unknown type 'struct no_such_type': not found in 6.1.0-50-amd64" \
	snapshot "$DEB/6.1.0-50-amd64" -t 'struct no_such_type' -o "$WORK/x.json"
bad "a snapshot is of one kernel; '.*debian' holds 18" \
	snapshot "$DEB" --spec "$SPEC" -o "$WORK/x.json"
bad "cannot snapshot 'struct vfio_pci_regops' of 6.1.0-50-armmp: " \
	snapshot "$DEB/6.1.0-50-armmp" --spec "$SPEC" -o "$WORK/x.json"
if [ -e "$WORK/x.json" ]; then
	fail "a failed snapshot left its output file"
else
	pass "a failed snapshot leaves no file"
fi

# Broken baselines: one error line naming the file, exit 1.
echo '{ "kabiscan_baseline": 1, ' >"$WORK/trunc.json"
bad "cannot read baseline '.*/trunc.json': line [0-9]+: " check --baseline "$WORK/trunc.json" \
	"$DEB/6.1.0-50-amd64"
jq '.schema = 3' "$BASE" >"$WORK/v3.json"
bad "cannot read baseline '.*/v3.json': schema 3, this kabiscan reads schema 2 \(and version 1 files\)" \
	check --baseline "$WORK/v3.json" "$DEB/6.1.0-50-amd64"
jq '{kabiscan_baseline: 2} + del(.kabiscan, .schema)' "$BASE" >"$WORK/old2.json"
bad "cannot read baseline '.*/old2.json': version 2, this kabiscan reads schema 2 \(and version 1 files\)" \
	check --baseline "$WORK/old2.json" "$DEB/6.1.0-50-amd64"
# A version 1 baseline ({"kabiscan_baseline": 1}, before the common JSON
# envelope) is read as before.
jq '{kabiscan_baseline: 1} + del(.kabiscan, .schema)' "$BASE" >"$WORK/v1.json"
"$KABISCAN" check --baseline "$BASE" "$DEB/6.12.117+deb12-amd64" >"$WORK/check-v2" 2>&1
"$KABISCAN" check --baseline "$WORK/v1.json" "$DEB/6.12.117+deb12-amd64" >"$WORK/check-v1" 2>&1
if [ -s "$WORK/check-v1" ] && cmp -s "$WORK/check-v1" "$WORK/check-v2"; then
	pass "a version 1 baseline checks as its version 2 form"
else
	fail "a version 1 baseline: $(head -3 "$WORK/check-v1")"
fi
jq 'del(.btf)' "$BASE" >"$WORK/nobtf.json"
bad "cannot read baseline '.*/nobtf.json': \"btf\" must be a base64 string" \
	check --baseline "$WORK/nobtf.json" "$DEB/6.1.0-50-amd64"
jq '.btf = "!!!not base64!!!"' "$BASE" >"$WORK/b64.json"
bad "cannot read baseline '.*/b64.json': \"btf\" is not valid base64" \
	check --baseline "$WORK/b64.json" "$DEB/6.1.0-50-amd64"
jq --arg b "$(jq -r .btf "$BASE" | base64 -d | head -c 100 | base64 -w0)" '.btf = $b' \
	"$BASE" >"$WORK/short.json"
bad "cannot read '.*/short.json': .*BTF" check --baseline "$WORK/short.json" \
	"$DEB/6.1.0-50-amd64"
jq '.types[0].name = "struct not_in_btf"' "$BASE" >"$WORK/missing.json"
bad "cannot read baseline '.*/missing.json': 'struct not_in_btf' is not in its BTF" \
	check --baseline "$WORK/missing.json" "$DEB/6.1.0-50-amd64"
jq '.types = []' "$BASE" >"$WORK/none.json"
bad "cannot read baseline '.*/none.json': \"types\" must be a non-empty array" \
	check --baseline "$WORK/none.json" "$DEB/6.1.0-50-amd64"
echo '[1, 2]' >"$WORK/other.json"
bad "cannot read baseline '.*/other.json': not a kabiscan baseline" \
	check --baseline "$WORK/other.json" "$DEB/6.1.0-50-amd64"
bad "cannot read baseline '.*/absent.json': unable to open" \
	check --baseline "$WORK/absent.json" "$DEB/6.1.0-50-amd64"

# deps: a spec from a built module, usable by snapshot and check.
MOD=$DEB/6.1.0-50-amd64/lib/modules/6.1.0-50-amd64/kernel/drivers/vfio/pci/vfio-pci.ko
golden deps-vfio-pci-6.1.txt "$KABISCAN" deps "$MOD"
"$KABISCAN" deps "$MOD" -o "$WORK/deps.spec"
if "$KABISCAN" snapshot "$DEB/6.1.0-50-amd64" --spec "$WORK/deps.spec" -o "$WORK/deps.json" &&
	[ "$(jq '.types | length' "$WORK/deps.json")" -gt 50 ]; then
	pass "deps output is a spec snapshot reads"
else
	fail "snapshot of the deps spec failed"
fi
expect_exit 8 "$KABISCAN" check --baseline "$WORK/deps.json" "$DEB/6.12.117+deb12-amd64"
golden deps-vfio-pci-5.10.txt "$KABISCAN" deps \
	"$DEB/5.10.0-32-amd64/lib/modules/5.10.0-32-amd64/kernel/drivers/vfio/pci/vfio-pci.ko"
# deps keeps the types a module shares with the module that defines them:
# vfio-pci-core uses vfio.ko's vfio_device_ops, and the gate sees 6.12's
# changes to it (end to end: deps, snapshot, check).
CORE=$DEB/6.1.0-50-amd64/lib/modules/6.1.0-50-amd64/kernel/drivers/vfio/pci/vfio-pci-core.ko
golden deps-vfio-pci-core-6.1.txt "$KABISCAN" deps "$CORE"
"$KABISCAN" deps "$CORE" -o "$WORK/core.spec"
missing=
for t in 'struct vfio_device alloc' 'struct vfio_device_ops' 'struct vfio_device_set' \
	'enum vfio_device_mig_state'; do
	grep -qx "$t" "$WORK/core.spec" || missing="$missing '$t'"
done
if [ -z "$missing" ] && ! grep -q '^struct vfio_pci_core_device' "$WORK/core.spec"; then
	pass "deps vfio-pci-core: vfio's types are in the spec, its own vfio_pci_core_device is not"
else
	fail "deps vfio-pci-core: missing$missing; own: $(grep -c '^struct vfio_pci_core_device' "$WORK/core.spec")"
fi
"$KABISCAN" snapshot "$DEB/6.1.0-50-amd64" --spec "$WORK/core.spec" -o "$WORK/core.json"
"$KABISCAN" check --baseline "$WORK/core.json" "$DEB/6.12.117+deb12-amd64" >"$WORK/core.txt"
rc=$?
if [ $rc -eq 8 ] && grep -qx 'struct vfio_device_ops' "$WORK/core.txt" &&
	grep -q '^  breaking    member-added  *bind_iommufd: ' "$WORK/core.txt"; then
	pass "deps, snapshot, check 6.1 -> 6.12 of vfio-pci-core: exit 8, vfio_device_ops changes reported"
else
	fail "deps, snapshot, check 6.1 -> 6.12 of vfio-pci-core: exit $rc, $(grep -c vfio_device_ops "$WORK/core.txt") vfio_device_ops lines"
fi
# The gate is readable: each changed type once, at its own name, moves
# summed up, vfio_device_ops first among the direct changes.
golden check-vfio-pci-core-6.12.txt "$KABISCAN" check --baseline "$WORK/core.json" \
	"$DEB/6.12.117+deb12-amd64" --fail-on none
# Lines of the types' changes: most of the functions also changed their CRC.
lines=$(grep -cvE '^(func|sym) |  (crc-changed|export-removed) ' "$WORK/core.txt")
first=$(sed -n '/^direct: /{n;p;q}' "$WORK/core.txt")
dups=$(grep -E '^(struct|union|enum|typedef|func) ' "$WORK/core.txt" | sed 's/  (reached as .*//' | sort | uniq -d)
if [ "$lines" -le 120 ] && [ "$first" = 'struct vfio_device_ops' ] && [ -z "$dups" ]; then
	pass "check of vfio-pci-core 6.1 -> 6.12: $lines lines, each type once, $first first"
else
	fail "check of vfio-pci-core 6.1 -> 6.12: $lines lines, first '$first', repeated: $dups"
fi

# Direct and indirect: struct kvm is held by pointer, so what it embeds is
# indirect; --fail-on direct lets only direct breaking changes fail.
printf '%s\n' 'struct kvm' 'struct vfio_device alloc' >"$WORK/kvm.spec"
"$KABISCAN" snapshot "$DEB/6.1.0-50-amd64" --spec "$WORK/kvm.spec" -o "$WORK/kvm.json"
golden check-kvm-indirect.txt "$KABISCAN" check --baseline "$WORK/kvm.json" \
	"$DEB/6.12.117+deb12-amd64" --fail-on none
printf 'type="%s"\n' 'struct kvm' 'struct vfio_device' 'struct device' 'struct dev_pm_info' \
	>"$WORK/direct.supp"
expect_exit 8 "$KABISCAN" check --baseline "$WORK/kvm.json" "$DEB/6.12.117+deb12-amd64" \
	--suppress "$WORK/direct.supp"
expect_exit 0 "$KABISCAN" check --baseline "$WORK/kvm.json" "$DEB/6.12.117+deb12-amd64" \
	--suppress "$WORK/direct.supp" --fail-on direct
expect_exit 8 "$KABISCAN" check --baseline "$WORK/kvm.json" "$DEB/6.12.117+deb12-amd64" \
	--fail-on direct
"$KABISCAN" check --baseline "$WORK/kvm.json" "$DEB/6.12.117+deb12-amd64" --format json \
	--fail-on none >"$WORK/kvm-out.json"
if [ "$(jq '[.comparisons[0].types[] | select(.indirect)] | length' "$WORK/kvm-out.json")" -gt 0 ] &&
	[ "$(jq -r '.comparisons[0].types[] | select(.type == "struct kvm_arch") | .reached' "$WORK/kvm-out.json")" = kvm.arch ]; then
	pass "JSON says which types are indirect and where they are reached"
else
	fail "JSON: no indirect types, or struct kvm_arch not reached as kvm.arch"
fi
expect_exit 2 "$KABISCAN" diff "$DEB/6.1.0-50-amd64" "$DEB/6.12.117+deb12-amd64" \
	-t vfio_device_ops --fail-on direct

# A type every user of it copies is credited to the module defining it.
for k in 6.1.0-50-amd64 6.1.0-50-arm64 5.10.0-32-amd64; do
	got=$("$KABISCAN" report "$DEB/$k" -t 'struct vfio_device_ops' -q | sed -n 's/.*struct vfio_device_ops { \/\* \([^,*]*\).*/\1/p')
	if [ "$got" = "vfio " ] || [ "$got" = vfio ]; then
		pass "$k: vfio_device_ops is credited to vfio"
	else
		fail "$k: vfio_device_ops is credited to '$got', want vfio"
	fi
done
bad "cannot read '.*vmlinuz-6.1.0-50-amd64': not a kernel module" \
	deps "$DEB/6.1.0-50-amd64/boot/vmlinuz-6.1.0-50-amd64"
bad "cannot open '.*/nope.ko': No such file or directory" deps "$WORK/nope.ko"
expect_exit 2 "$KABISCAN" deps
expect_exit 2 "$KABISCAN" deps "$MOD" -t pci_dev
finish
