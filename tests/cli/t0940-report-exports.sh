#!/bin/bash
# show and report carry a function's export status: on its definition line
# ("/* vmlinux, exported GPL in DMA_BUF */", "not exported"), and in JSON an
# "export" object ({type, namespace, crc, owner}) or null; a kernel whose
# exports are unknown (raw BTF) says nothing of them.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool jq
FUNCS='func dma_buf_get,func vfio_pci_core_register_dev_region,func vfio_pci_bar_rw'

golden show-exports.txt "$KABISCAN" show "$DEB/6.1.0-50-amd64" -t "$FUNCS"
golden report-exports.txt "$KABISCAN" report "$DEB/5.10.0-32-amd64" "$DEB/6.1.0-50-amd64" \
	"$DEB/6.12.117+deb13-amd64" "$DEB/6.1.0-50-rt-amd64/sys/kernel/btf/vmlinux" -t 'func dma_buf_get'
"$KABISCAN" report "$DEB/6.1.0-50-amd64" "$DEB/6.1.0-50-rt-amd64/sys/kernel/btf/vmlinux" -t "$FUNCS" \
	--format json >"$WORK/r.json" 2>"$WORK/err" || fail "report --format json: $(cat "$WORK/err")"
golden report-exports.json jq -c '.cells[] | [.release, .name, (if has("export") then .export else "unknown" end)]' "$WORK/r.json"
# The export object is part of the report's JSON Schema.
if python3 -c 'import jsonschema' 2>/dev/null; then
	if python3 - "$TOP/schemas/report.schema.json" "$WORK/r.json" <<'PY' >"$WORK/v.err" 2>&1; then
import json, sys
import jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
PY
		pass "the report with export objects validates against report.schema.json"
	else
		fail "report.schema.json refuses the export objects: $(head -5 "$WORK/v.err")"
	fi
else
	skip_case "schema" "python3-jsonschema is not installed"
fi
finish
