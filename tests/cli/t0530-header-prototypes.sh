#!/bin/bash
# kabiscan header: prototypes of real kernel functions of many shapes
# (function-pointer and array parameters, typedef'd callbacks, variadic
# ones, pointer and void returns), declared from the header's macros and
# compiled as a module with Kbuild (W=1) against Debian's linux-headers of
# the same kernel. Each function is declared three times: by the kernel's
# own header, by KABI_PROTO_FUNC_<F>(f), and from KABI_RET_/KABI_ARG_
# (plus "..." where KABI_VARIADIC_ says so); a conflicting one is an error.
# Each KABI_ARG_ type must also be usable as "TYPE name" (a typedef).
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kbuild.sh"
need_corpus
need_tool make
need_tool dpkg
REL=6.1.0-50-amd64
FUNCS=(pci_walk_bus kthread_create_on_node _printk snprintf kasprintf dev_set_name
	request_threaded_irq free_irq pci_iomap dma_alloc_attrs idr_for_each sort call_rcu
	queue_work_on kstrtoull mod_timer schedule_timeout hex_dump_to_buffer kobject_uevent_env
	ktime_get iterate_fd vfio_pci_core_register_dev_region)
HEADERS=(linux/module.h linux/kernel.h linux/pci.h linux/kthread.h linux/printk.h
	linux/slab.h linux/device.h linux/interrupt.h linux/dma-mapping.h linux/idr.h linux/sort.h
	linux/rcupdate.h linux/workqueue.h linux/timer.h linux/sched.h linux/kobject.h
	linux/timekeeping.h linux/fdtable.h linux/vfio_pci_core.h)

[ "$(dpkg --print-architecture)" = amd64 ] ||
	skip "the headers are amd64 ones; this is $(dpkg --print-architecture)"
[ -d "$DEB/$REL" ] || skip "corpus has no $REL"
headers_tree "$REL"
cc=$(compiler "$KDIR")
need_tool "${cc:-gcc-12}"
need_tool "x86_64-linux-gnu-${cc:-gcc-12}"

mkdir -p "$WORK/m"
list=$(printf 'func %s,' "${FUNCS[@]}")
if ! "$KABISCAN" header "$DEB/$REL" -t "${list%,}" -o "$WORK/m/compat.h" 2>"$WORK/err"; then
	fail "kabiscan header: $(cat "$WORK/err")"
	finish
fi

# macro NAME: the value the header gives NAME.
macro() { sed -n "s/^#define $1 //p" "$WORK/m/compat.h"; }

{
	printf '#include <%s>\n' "${HEADERS[@]}"
	echo '#include "compat.h"'
	for f in "${FUNCS[@]}"; do
		F=$(echo "$f" | tr '[:lower:]' '[:upper:]')
		n=$(macro "KABI_NARGS_FUNC_$F")
		args=
		for ((i = 1; i <= n; i++)); do
			echo "typedef KABI_ARG_FUNC_${F}_$i kabi_arg_${f}_$i;"
			args="$args${args:+, }KABI_ARG_FUNC_${F}_$i"
		done
		[ -n "$(macro "KABI_VARIADIC_FUNC_$F")" ] && args="$args, ..."
		echo "extern KABI_PROTO_FUNC_$F($f);"
		echo "extern KABI_RET_FUNC_$F $f(${args:-void});"
		echo "KABI_PROTO_FUNC_$F(kabi_$f);"
		echo "_Static_assert(__builtin_types_compatible_p(typeof($f), typeof(kabi_$f)), \"$f\");"
	done
	echo 'MODULE_LICENSE("GPL");'
} >"$WORK/m/prototypes.c"
echo 'obj-m += prototypes.o' >"$WORK/m/Kbuild"
echo "ccflags-y += -D$(printf 'KABI_TARGET_%s' "$(echo "$REL" | tr -c 'A-Za-z0-9\n' '_' | tr '[:lower:]' '[:upper:]')")" >>"$WORK/m/Kbuild"

variadic=$(grep -c '^#define KABI_VARIADIC_FUNC_' "$WORK/m/compat.h")
fptr=$(grep '^#define KABI_ARG_FUNC_' "$WORK/m/compat.h" | grep -c '__typeof__(')
if [ ${#FUNCS[@]} -lt 20 ] || [ "$variadic" -ne 5 ] || [ "$fptr" -ne 4 ]; then
	fail "shapes: ${#FUNCS[@]} functions, $variadic variadic (want 5), $fptr function-pointer arguments (want 4)"
fi
if make -C "$KDIR" M="$WORK/m" W=1 modules >"$WORK/build.log" 2>&1 && [ -f "$WORK/m/prototypes.ko" ] &&
	! grep -qi 'warning:' "$WORK/build.log"; then
	pass "${#FUNCS[@]} functions ($variadic variadic, $fptr function-pointer arguments) declared from the macros compile warning-free against $REL's headers"
else
	fail "the prototypes do not compile cleanly against $REL's headers:"
	grep -E 'error|warning' "$WORK/build.log" | head -20
fi

# A variadic function that lost its "..." conflicts with the kernel's.
sed -i 's/^\(#define KABI_PROTO_FUNC_KTHREAD_CREATE_ON_NODE(kabi_fn) .*\), \.\.\.)$/\1)/' "$WORK/m/compat.h"
if make -C "$KDIR" M="$WORK/m" W=1 modules >"$WORK/build2.log" 2>&1; then
	fail "kthread_create_on_node without '...' compiled"
elif grep -q "conflicting types for .kthread_create_on_node." "$WORK/build2.log"; then
	pass "kthread_create_on_node without '...': conflicting types, the build fails"
else
	fail "kthread_create_on_node without '...': $(grep -m1 error "$WORK/build2.log")"
fi
finish
