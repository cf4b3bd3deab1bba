#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""extract-btf.py IMAGE OUT: write the vmlinux BTF blob found in a kernel
image to OUT, for tests/cli/t0300-pahole-differential.sh.

IMAGE is an x86 bzImage (payload compressed with xz, lz4 or zstd, found
through the setup header: setup_sects at 0x1f1, payload_offset at 0x248,
payload_length at 0x24c) or an uncompressed image (arm64 Image) that holds
the BTF inline. Decompression uses the xz, lz4 and zstd command-line tools.
The blob is the BTF header (magic 0xeb9f, version 1, hdr_len 24) plus its
type and string sections; the largest well-formed candidate is taken.
Written independently of kabiscan, so the two can be compared.
Exits 3 if the decompressor needed is not installed, 1 on other errors.
"""
import struct
import subprocess
import sys

MAGIC = bytes.fromhex("9feb010018000000")
DECOMPRESSORS = [
    (b"\xfd7zXZ\x00", ["xz", "-dc", "--single-stream"]),
    (b"\x02\x21\x4c\x18", ["lz4", "-dc"]),
    (b"\x28\xb5\x2f\xfd", ["zstd", "-dcq"]),
]


def die(msg):
    sys.stderr.write("extract-btf: %s\n" % msg)
    sys.exit(1)


def kernel_bytes(img):
    """The uncompressed kernel: the bzImage payload, or IMAGE itself."""
    if len(img) < 0x250 or img[0x202:0x206] != b"HdrS":
        return img, "raw image"
    setup_sects = img[0x1F1] or 4
    off, length = struct.unpack_from("<II", img, 0x248)
    start = (setup_sects + 1) * 512 + off
    # The payload ends with the 4-byte uncompressed size (size_append).
    payload = img[start:start + length - 4]
    for magic, cmd in DECOMPRESSORS:
        if payload.startswith(magic):
            try:
                res = subprocess.run(cmd, input=payload, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, check=False)
            except FileNotFoundError:
                sys.stderr.write("extract-btf: %s is not installed\n" % cmd[0])
                sys.exit(3)
            # lz4 and zstd may complain about what follows the last frame;
            # what they decoded is still usable if it holds the BTF.
            if not res.stdout:
                die("%s: %s" % (cmd[0], res.stderr.decode(errors="replace")))
            return res.stdout, "bzImage, " + cmd[0]
    die("unknown bzImage payload compression %s" % payload[:6].hex())
    return None, None


def best_btf(data):
    best = None
    pos = data.find(MAGIC)
    while pos >= 0:
        if pos + 24 <= len(data):
            _, _, _, hdr_len, type_off, type_len, str_off, str_len = \
                struct.unpack_from("<HBBIIIII", data, pos)
            end = pos + hdr_len + str_off + str_len
            if (hdr_len == 24 and type_off == 0 and type_len > 0 and
                    str_off == type_len and str_len > 0 and
                    end <= len(data) and data[pos + 24 + str_off] == 0):
                if best is None or end - pos > best[1] - best[0]:
                    best = (pos, end)
        pos = data.find(MAGIC, pos + 1)
    return best


def main():
    if len(sys.argv) != 3:
        die("usage: extract-btf.py IMAGE OUT")
    with open(sys.argv[1], "rb") as f:
        img = f.read()
    data, how = kernel_bytes(img)
    found = best_btf(data)
    if not found:
        die("%s: no BTF found (%s)" % (sys.argv[1], how))
    with open(sys.argv[2], "wb") as f:
        f.write(data[found[0]:found[1]])
    print("%s, %d bytes of BTF" % (how, found[1] - found[0]))


main()
