#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""png_colours.py PNG [NAME=RRGGBB]...: count pixels in a screenshot, for
tests/cli/t0610-html-chromium.sh. Prints

    size WIDTH HEIGHT
    nonwhite N      pixels that are not #ffffff
    colours N       distinct colours
    NAME N          pixels of exactly that colour, for each NAME=RRGGBB

Reads 8-bit, non-interlaced greyscale, RGB, grey+alpha and RGBA PNG (what
Chromium writes), with the standard library only (zlib); alpha is ignored.
"""
import struct
import sys
import zlib
from collections import Counter

CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}


def _chunks(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(ftype, line, prev, bpp):
    """Undo one scanline's filter (PNG spec, section 9) in place."""
    n = len(line)
    if ftype == 1:
        for i in range(bpp, n):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
    elif ftype == 2:
        for i in range(n):
            line[i] = (line[i] + prev[i]) & 0xFF
    elif ftype == 3:
        for i in range(n):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
    elif ftype == 4:
        for i in range(n):
            left = line[i - bpp] if i >= bpp else 0
            upleft = prev[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + _paeth(left, prev[i], upleft)) & 0xFF
    elif ftype != 0:
        raise ValueError("bad filter type %d" % ftype)


def decode(data):
    """(width, height, rows of RGB bytes)."""
    idat = []
    width = height = ctype = None
    for kind, body in _chunks(data):
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in CHANNELS or interlace:
                raise ValueError("unsupported PNG: depth %d, colour type %d, interlace %d"
                                 % (depth, ctype, interlace))
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if width is None:
        raise ValueError("no IHDR chunk")
    raw = zlib.decompress(b"".join(idat))
    bpp = CHANNELS[ctype]
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        raise ValueError("image data is %d bytes, want %d" % (len(raw), height * (stride + 1)))
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        line = bytearray(raw[start + 1:start + 1 + stride])
        _unfilter(raw[start], line, prev, bpp)
        prev = line
        if ctype == 2:
            rows.append(bytes(line))
        elif ctype == 6:
            rows.append(bytes(b for i, b in enumerate(line) if i % 4 != 3))
        else:
            grey = line[::bpp]
            rows.append(bytes(v for g in grey for v in (g, g, g)))
    return width, height, rows


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: png_colours.py PNG [NAME=RRGGBB]...\n")
        sys.exit(2)
    with open(sys.argv[1], "rb") as f:
        width, height, rows = decode(f.read())
    counts = Counter()
    for row in rows:
        counts.update(row[i:i + 3] for i in range(0, len(row), 3))
    print("size %d %d" % (width, height))
    print("nonwhite %d" % (width * height - counts[b"\xff\xff\xff"]))
    print("colours %d" % len(counts))
    for arg in sys.argv[2:]:
        name, _, hexrgb = arg.partition("=")
        print("%s %d" % (name, counts[bytes.fromhex(hexrgb)]))


if __name__ == "__main__":
    main()
