#!/bin/bash
# Bash completion (completion/kabiscan.bash, as `make install` installs it):
# commands, options and their values from the binary's own --help, files,
# and -t type names from the kernels already on the command line.
# shellcheck source=tests/cli/lib.sh
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
BC=/usr/share/bash-completion/bash_completion
[ -r "$BC" ] || skip "bash-completion is not installed ($BC)"
# shellcheck disable=SC1090
. "$BC"
# shellcheck source=completion/kabiscan.bash
. "$TOP/completion/kabiscan.bash"

# offers LINE WANT...: completing at the end of LINE ("kabiscan ..." with
# the binary under test for "kabiscan") offers exactly WANT, in any order.
offers() {
	local line=$1 got want
	shift
	COMP_LINE="$KABISCAN $line"
	COMP_POINT=${#COMP_LINE}
	read -r -a COMP_WORDS <<<"$COMP_LINE"
	[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_kabiscan
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sed '/^$/d' | sort | tr '\n' ' ')
	if [ "$got" = "$want" ]; then
		pass "'kabiscan $line' offers: ${got:-nothing}"
	else
		fail "'kabiscan $line' offers '$got', want '$want'"
	fi
}

cmds=$("$KABISCAN" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
# shellcheck disable=SC2086 # one word per command
offers "" $cmds help
offers "rep" report
offers "help ch" check
offers "-" --help --version -h -V
offers "report --for" --format
offers "report --format " text json markdown html
offers "report --format=m" markdown
offers "diff --fail-on b" breaking
offers "check -f j" json junit
offers "cache c" clear
offers "cache " ls clear import verify
offers "cache --cache $WORK/x im" import
offers "cache ls " ""
offers "scan --ca" --cache
# Every option the command's --help describes, and nothing else.
mapfile -t scan_opts < <("$KABISCAN" scan --help | grep -oE '^  (-[a-zA-Z], )?--[a-z-]+|^      --[a-z-]+' |
	sed -e 's/^ *//' | tr ',' '\n' | sed 's/^ *//')
offers "scan -" "${scan_opts[@]}"
offers "report --spec $TOP/tests/cli/diff/vfio.s" "$TOP/tests/cli/diff/vfio.spec"
mkdir -p "$WORK/cachedir" "$WORK/cachefile"
: >"$WORK/cachefile/x"
offers "report --cache $WORK/cache" "$WORK/cachedir" "$WORK/cachefile"
offers "report --cache $WORK/cachefile/" ""
offers "cache import $WORK/cachedir $WORK/cache" "$WORK/cachedir" "$WORK/cachefile"
# -t names from the kernels given before it, whatever comes between.
offers "report $DEB/6.1.0-50-amd64 -t vfio_pci_reg" vfio_pci_region vfio_pci_regops
offers "report --format json $DEB/6.1.0-50-amd64 -q $DEB/6.12.117+deb12-amd64 -t vfio_device_o" \
	vfio_device_ops
offers "show -t vfio_pci_reg" ""
offers "report $DEB/6.1.0-50-amd64 -t no_such_prefix_" ""
finish
