#!/bin/bash
# Helpers for the tests that build modules with Kbuild against Debian's
# linux-headers packages (sourced after lib.sh, which sets WORK, CACHE).
# Headers already installed (/usr/src/linux-headers-R) are used as they
# are. Others are fetched with `apt-get download` (headers, -common and
# linux-kbuild) and unpacked with `dpkg -x` under CACHE, where a later run
# finds them; the test is skipped, with the reason, when they cannot be had.
CACHE=${KABISCAN_TEST_CACHE:-/var/tmp/kabiscan-test}

# no_headers REASON: skip the test, or with HEADERS_OPTIONAL set only say so
# and make headers_tree return 1.
no_headers() {
	[ -n "${HEADERS_OPTIONAL:-}" ] || skip "$1"
	skip_case "headers" "$1"
	return 1
}

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
		{ no_headers "linux-headers-$rel is not in the apt sources (apt-get update?)"; return 1; }
	# The headers, their -common and linux-kbuild: what `make -C` needs.
	pkgs=$(apt-cache depends "linux-headers-$rel" |
		awk '$1 == "Depends:" && $2 ~ /^linux-(headers|kbuild)-/ { print $2 }' | sort -u)
	mkdir -p "$CACHE/debs" "$CACHE/headers" || { no_headers "cannot write the cache $CACHE"; return 1; }
	# shellcheck disable=SC2086 # one word per package
	if ! (cd "$CACHE/debs" && apt-get download -qq "linux-headers-$rel" $pkgs) >"$WORK/apt.log" 2>&1; then
		no_headers "cannot fetch linux-headers-$rel $(echo "$pkgs" | tr '\n' ' ')(no network?): $(grep -m1 '^E:' "$WORK/apt.log")"
		return 1
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


# kbuild_for REL: set KDIR to the amd64 linux-headers tree of corpus kernel
# REL, and check the compiler it was built with is here; skips otherwise.
kbuild_for() {
	need_tool make
	need_tool dpkg
	[ "$(dpkg --print-architecture)" = amd64 ] ||
		skip "the headers are amd64 ones; this is $(dpkg --print-architecture)"
	[ -d "$DEB/$1" ] || skip "corpus has no $1"
	headers_tree "$1" || skip "no linux-headers-$1"
	cc=$(compiler "$KDIR")
	need_tool "${cc:-gcc-12}"
	need_tool "x86_64-linux-gnu-${cc:-gcc-12}"
}

# image_root REL: set ROOT to a kernel root of REL (/boot/vmlinuz-REL and
# /lib/modules/REL) unpacked from linux-image-REL-unsigned, fetched into the
# cache; skips the test when it cannot be had.
image_root() {
	local rel=$1 pkg=linux-image-$1-unsigned tmp deb
	ROOT=$CACHE/roots/$rel
	[ -f "$ROOT/.complete" ] && return 0
	need_tool apt-get
	need_tool apt-cache
	apt-cache show "$pkg" >/dev/null 2>&1 ||
		{ no_headers "$pkg is not in the apt sources (apt-get update?)"; return 1; }
	mkdir -p "$CACHE/debs" "$CACHE/roots" || { no_headers "cannot write the cache $CACHE"; return 1; }
	if ! (cd "$CACHE/debs" && apt-get download -qq "$pkg") >"$WORK/apt.log" 2>&1; then
		no_headers "cannot fetch $pkg (no network?): $(grep -m1 '^E:' "$WORK/apt.log")"
		return 1
	fi
	deb=$(find "$CACHE/debs" -name "${pkg}_*.deb" | sort -V | tail -1)
	rm -rf "$ROOT"
	tmp=$(mktemp -d "$CACHE/roots/.$rel.XXXXXX")
	if [ -z "$deb" ] || ! dpkg -x "$deb" "$tmp"; then
		rm -rf "$tmp"
		fail "cannot unpack ${deb:-$pkg}"
		return 1
	fi
	mv "$tmp" "$ROOT" && touch "$ROOT/.complete"
}
