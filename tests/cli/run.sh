#!/bin/bash
# Run every CLI test and print one summary line: "N passed, N failed, N skipped"
# (counted per test script). Exit non-zero if any failed.
set -u
dir=$(cd "$(dirname "$0")" && pwd)
passed=0 failed=0 skipped=0
for t in "$dir"/t[0-9][0-9][0-9][0-9]-*.sh; do
	bash "$t"
	case $? in
	0) passed=$((passed + 1)) ;;
	77) skipped=$((skipped + 1)) ;;
	*) failed=$((failed + 1)); echo "FAILED: $(basename "$t")" ;;
	esac
done
echo "cli: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
