#!/bin/bash
# Every JSON document kabiscan writes has one envelope, {"kabiscan":
# COMMAND, "schema": 2, ...}, and validates against the JSON Schema shipped
# for it in schemas/ (python3-jsonschema): report (every cell state and
# kind), diff and check, snapshot; and the golden JSON files too. A document
# that breaks its schema (a size as a string) is caught.
# shellcheck source=tests/cli/lib.sh
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool python3
python3 -c 'import jsonschema' 2>/dev/null || skip "python3-jsonschema is not installed"
SCHEMAS=$TOP/schemas
A=$DEB/6.1.0-50-amd64
B=$DEB/6.12.117+deb12-amd64

# validates SCHEMA DOC: does DOC validate against schemas/SCHEMA.schema.json?
# The first errors are left in $WORK/v.err.
validates() {
	python3 - "$SCHEMAS/$1.schema.json" "$2" >"$WORK/v.err" 2>&1 <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
for e in errors[:5]:
    print("%s: %s" % (e.json_path, e.message[:300]))
sys.exit(1 if errors else 0)
PY
}

# valid SCHEMA DOC WHAT: DOC must validate against schemas/SCHEMA.schema.json.
valid() {
	if validates "$1" "$2"; then
		pass "$3 validates against $1.schema.json"
	else
		fail "$3 does not validate against $1.schema.json: $(head -5 "$WORK/v.err")"
	fi
}

# envelope DOC COMMAND: the document starts {"kabiscan": COMMAND, "schema": 2.
envelope() {
	local got
	got=$(jq -c '[keys_unsorted[0:2], .kabiscan, .schema]' "$1")
	if [ "$got" = "[[\"kabiscan\",\"schema\"],\"$2\",2]" ]; then
		pass "$2: the envelope is {\"kabiscan\": \"$2\", \"schema\": 2}"
	else
		fail "$2: envelope $got"
	fi
}

run() { "$KABISCAN" "$@" 2>"$WORK/err" || [ $? -ge 4 ]; }

# report: present (BTF, DWARF, vmlinux, module), absent and no-data cells;
# struct, enum, typedef and func; size changes between architectures.
run report --format json "$DEB"/* \
	-t 'vfio_pci_regops,struct resource,enum pid_type,typedef pci_power_t,func vfio_pci_core_read' \
	>"$WORK/report.json"
envelope "$WORK/report.json" report
valid report "$WORK/report.json" "report of 5 types over $(jq '.kernels | length' "$WORK/report.json") kernels"
[ "$(jq '[.cells[].state] | unique | length' "$WORK/report.json")" = 3 ] ||
	fail "the report lacks a cell state"

run diff --format json "$A" "$B" --spec "$TOP/tests/cli/diff/vfio.spec" >"$WORK/diff.json"
envelope "$WORK/diff.json" diff
valid diff "$WORK/diff.json" "diff of the vfio spec"

run snapshot "$A" --spec "$TOP/tests/cli/diff/vfio.spec" -t 'struct resource' -o "$WORK/base.json"
envelope "$WORK/base.json" snapshot
valid snapshot "$WORK/base.json" "snapshot with vmlinux and module types"

run check --format json --baseline "$WORK/base.json" "$A" "$B" "$DEB/5.10.0-32-cloud-amd64" \
	>"$WORK/check.json"
envelope "$WORK/check.json" check
valid diff "$WORK/check.json" "check of 3 kernels, one without type data"
[ "$(jq '[.comparisons[].types[].verdict] | index("error") != null' "$WORK/check.json")" = true ] ||
	fail "the check has no type in error"

for g in report-vfio_pci_regops.json:report diff-classes.json:diff diff-vfio-6.1-6.12.json:diff \
	baseline-6.1.0-50-amd64.json:snapshot; do
	valid "${g#*:}" "$GOLDEN/${g%:*}" "golden ${g%:*}"
done

# The schemas are not mere shapes: a size as a string is refused.
jq '(.comparisons[].changes[] | select(.class == "size-changed") | .old) |= tostring' "$WORK/report.json" \
	>"$WORK/bad.json"
if validates report "$WORK/bad.json"; then
	fail "a report with a size as a string validates"
else
	pass "a report with a size as a string is refused: $(head -1 "$WORK/v.err")"
fi
finish
