#!/bin/bash
# Definitions are valid C with the BTF's layout, on the corpus kernels where
# each class of fault was seen (issue 12):
#   zero-length arrays print [0] unless [] is valid (exception_stacks,
#   bpf_array, io_uring_sqe, bpf_raw_tracepoint_args, cacheline_padding);
#   a member of anonymous enum type keeps its bitfield width (nf_bridge_info);
#   a pointer to an anonymous struct prints its body (parsed_partitions);
#   an enum without enumerators is "enum X;" (nf_nat_manip_type);
#   padding bitfields are rebuilt from the bit holes (fred_ss,
#   kvm_mmu_page_role, ioam6_trace_hdr);
#   "const" is printed once (filename on 6.1);
#   a module given as KERNEL has its own function (mdev.ko's create_store);
#   JSON expands a tagged struct embedded without a member name (7.2's
#   filename).
# The compile oracle (t0330) checks every type; this pins the text.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool xz

K72=$DEB/7.2.13+deb14-amd64
golden show-render-7.2.txt "$KABISCAN" show "$K72" -t exception_stacks,bpf_array,io_uring_sqe \
	-t bpf_raw_tracepoint_args,cacheline_padding,nf_bridge_info,parsed_partitions \
	-t nf_nat_manip_type,x86_intercept_stage,fred_ss,kvm_mmu_page_role,ioam6_trace_hdr
golden show-render-6.1-filename.txt "$KABISCAN" show "$DEB/6.1.0-50-amd64" -t filename
golden report-render-7.2-filename.json "$KABISCAN" report "$K72" -t filename,ns_common --format json
xz -dc "$K72/usr/lib/modules/7.2.13+deb14-amd64/kernel/drivers/vfio/mdev/mdev.ko.xz" >"$WORK/mdev.ko"
golden show-render-mdev-create_store.txt "$KABISCAN" show "$WORK/mdev.ko" \
	--base "$K72/sys/kernel/btf/vmlinux" -t 'func create_store'
finish
