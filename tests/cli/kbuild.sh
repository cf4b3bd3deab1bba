#!/bin/bash
# Kbuild against Debian's linux-headers, for the tests that build modules
# (t0500, t0920); sourced after lib.sh. Headers already installed
# (/usr/src/linux-headers-R) are used as they are; others are fetched with
# `apt-get download` into KABISCAN_TEST_CACHE (default /var/tmp/kabiscan-test).
CACHE=${KABISCAN_TEST_CACHE:-/var/tmp/kabiscan-test}

# headers_tree REL: set KDIR to a linux-headers tree for REL, installed or fetched
# into the cache; skips the test when it cannot be had.
APT_UPDATED=
headers_tree() {
	local rel=$1 dir=$CACHE/headers/$1 tmp pkgs deb
	KDIR=/usr/src/linux-headers-$rel
	[ -f "$KDIR/Makefile" ] && [ -f "$KDIR/.config" ] && return 0
	KDIR=$dir/usr/src/linux-headers-$rel
	[ -f "$dir/.complete" ] && return 0
	need_tool apt-get
	need_tool apt-cache
	if ! apt-cache show "linux-headers-$rel" >/dev/null 2>&1 && [ -z "$APT_UPDATED" ] &&
		[ "$(id -u)" = 0 ]; then
		APT_UPDATED=1
		apt-get update -qq >"$WORK/apt.log" 2>&1
	fi
	apt-cache show "linux-headers-$rel" >/dev/null 2>&1 ||
		skip "linux-headers-$rel is not in the apt sources (apt-get update?)"
	# The headers, their -common and linux-kbuild: what `make -C` needs.
	pkgs=$(apt-cache depends "linux-headers-$rel" |
		awk '$1 == "Depends:" && $2 ~ /^linux-(headers|kbuild)-/ { print $2 }' | sort -u)
	mkdir -p "$CACHE/debs" "$CACHE/headers" || skip "cannot write the cache $CACHE"
	# shellcheck disable=SC2086 # one word per package
	if ! (cd "$CACHE/debs" && apt-get download -qq "linux-headers-$rel" $pkgs) >"$WORK/apt.log" 2>&1; then
		skip "cannot fetch linux-headers-$rel $(echo "$pkgs" | tr '\n' ' ')(no network?): $(grep -m1 '^E:' "$WORK/apt.log")"
	fi
	rm -rf "$dir"
	tmp=$(mktemp -d "$CACHE/headers/.$rel.XXXXXX")
	for deb in "linux-headers-$rel" $pkgs; do
		# The newest downloaded version of each package.
		deb=$(find "$CACHE/debs" -name "${deb}_*.deb" | sort -V | tail -1)
		if [ -z "$deb" ] || ! dpkg -x "$deb" "$tmp"; then
			rm -rf "$tmp"
			fail "cannot unpack ${deb:-a package of linux-headers-$rel}"
			return 1
		fi
	done
	# The flavour's Makefile includes the -common one by its installed path.
	sed -i "s|^include /usr/src/|include $dir/usr/src/|" "$tmp/usr/src/linux-headers-$rel/Makefile"
	mv "$tmp" "$dir" && touch "$dir/.complete"
}

# The compiler each kernel was built with (CC in .kernelvariables).
compiler() {
	sed -n 's/^CC = .*\(gcc-[0-9][0-9]*\).*/\1/p' "$1/.kernelvariables"
}

