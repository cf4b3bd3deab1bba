#!/bin/bash
# The HTML report as a browser sees it, in headless Chromium (Debian's
# chromium, installed by `make deps`), for two pages: vfio_pci_regops, and
# vfio_device_ops with vfio_pci_device (every cell colour occurs).
#
# a. DOM (--dump-dom): html/cells.py checks the parsed page against the JSON
#    report of the same kernels and types: one matrix cell per (kernel, type),
#    each with the state and colour class the JSON cells and comparisons
#    give, each present cell holding its definition as text (escaping
#    survived the parser), and no reference outside the page; nor may the
#    DOM name an http:// or https:// address anywhere.
# b. Screenshot (--screenshot, 1280x1600, scale 1, sRGB): html/png_colours.py
#    decodes the PNG and counts the pixels of each cell colour, read from the
#    page's own CSS. A cell is about 3500 pixels of its colour; a legend
#    swatch, and the swatch before each comparison (one per same or changed
#    cell), about 200. So a colour with N cells must cover at least N * 2000
#    and at most N * 7000 + 1000 pixels, and a colour with no cell less than
#    1000. Cells all painted one colour, or two colours swapped, fail: every
#    other colour is then left with its swatches, far below N * 2000, or the
#    swapped ones overflow their bound. A blank page fails the non-white
#    count.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
need_corpus
need_tool python3
CHROMIUM=${CHROMIUM:-chromium}
need_tool "$CHROMIUM"
HELP=$TOP/tests/cli/html
WIDTH=1280
HEIGHT=1600

# browse ARGS... URL: headless Chromium, as root (no sandbox), with a fixed
# scale and colour profile so CSS colours reach the PNG unchanged, and a
# profile of its own in $WORK.
browse() {
	timeout -k 5 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--force-device-scale-factor=1 --force-color-profile=srgb --no-first-run \
		--disable-background-networking --disable-extensions \
		--user-data-dir="$WORK/profile" "$@" 2>>"$WORK/chromium.log"
}

printf '<!DOCTYPE html>\n<p>kabiscan probe</p>\n' >"$WORK/probe.html"
if ! browse --dump-dom "file://$WORK/probe.html" >"$WORK/probe.dom" ||
	! grep -q 'kabiscan probe' "$WORK/probe.dom"; then
	skip "$CHROMIUM cannot run: $(grep -Ev 'dbus|^$' "$WORK/chromium.log" | tail -1)"
fi

# dom NAME: check a. on $WORK/NAME.html against $WORK/NAME.json.
dom() {
	local name=$1
	if ! browse --dump-dom "file://$WORK/$name.html" >"$WORK/$name.dom"; then
		fail "$name: chromium --dump-dom failed: $(tail -1 "$WORK/chromium.log")"
	elif ! python3 "$HELP/cells.py" "$WORK/$name.dom" "$WORK/$name.json" >"$WORK/$name.cells"; then
		fail "$name: DOM: $(head -5 "$WORK/$name.cells" | tr '\n' ';')"
	elif grep -Eqi 'https?://' "$WORK/$name.dom"; then
		fail "$name: DOM names a network address: $(grep -Eoi 'https?://[^ "]*' "$WORK/$name.dom" | head -1)"
	else
		pass "$name: DOM: $(grep -E '^cells' "$WORK/$name.cells"), as the JSON report has them"
	fi
}

# shot NAME: check b. on $WORK/NAME.html, with the cell counts dom found.
shot() {
	local name=$1 png=$WORK/$1.png colours shade n px min max bad=
	colours=$(sed -n 's/^\.\([a-z]*\) { background: #\([0-9a-f]\{6\}\); }$/\1=\2/p' \
		"$WORK/$name.html")
	if [ "$(echo "$colours" | wc -w)" -ne 5 ]; then
		fail "$name: want 5 cell colours in the page's CSS, found: $colours"
		return
	fi
	# shellcheck disable=SC2086 # one NAME=RRGGBB word each
	if ! browse --screenshot="$png" --window-size="$WIDTH,$HEIGHT" "file://$WORK/$name.html" \
		>/dev/null || ! python3 "$HELP/png_colours.py" "$png" $colours >"$png.txt"; then
		fail "$name: no screenshot: $(tail -1 "$WORK/chromium.log") $(cat "$png.txt" 2>/dev/null)"
		return
	fi
	if ! grep -qx "size $WIDTH $HEIGHT" "$png.txt"; then
		fail "$name: screenshot is $(head -1 "$png.txt"), want $WIDTH x $HEIGHT"
	fi
	px=$(sed -n 's/^nonwhite //p' "$png.txt")
	if [ "$px" -lt $((WIDTH * HEIGHT / 20)) ]; then
		fail "$name: the page looks blank: $px pixels not white"
	fi
	for shade in base same changed absent nodata; do
		n=$(sed -n "s/^shade $shade //p" "$WORK/$name.cells")
		px=$(sed -n "s/^$shade //p" "$png.txt")
		n=${n:-0} px=${px:-0}
		min=$((n * 2000))
		max=$((n * 7000 + 1000))
		[ "$n" -eq 0 ] && min=0 max=999
		if [ "$px" -lt "$min" ] || [ "$px" -gt "$max" ]; then
			bad="$bad $shade: $px pixels for $n cells (want $min..$max);"
		fi
	done
	if [ -n "$bad" ]; then
		fail "$name: screenshot colours:$bad"
	else
		pass "$name: screenshot: $(grep -E '^(base|same|changed|absent|nodata) ' "$png.txt" |
			tr '\n' ' ')pixels"
	fi
}

# page NAME TYPE...: the HTML and JSON reports of TYPE... over the corpus, checked.
page() {
	local name=$1 t args=()
	shift
	for t in "$@"; do
		args+=(-t "$t")
	done
	if ! "$KABISCAN" report --format html "$DEB"/* "${args[@]}" >"$WORK/$name.html" ||
		! "$KABISCAN" report --format json "$DEB"/* "${args[@]}" >"$WORK/$name.json"; then
		fail "$name: kabiscan report failed"
		return
	fi
	dom "$name"
	[ -f "$WORK/$name.cells" ] && shot "$name"
}

page regops vfio_pci_regops
page ops-device vfio_device_ops vfio_pci_device
finish
