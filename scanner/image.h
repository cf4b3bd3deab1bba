/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_IMAGE_H
#define KABISCAN_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * What one file yields: its BTF blob, if any, and the facts about the file
 * that tell which kernel and architecture it belongs to.
 */
struct image_btf {
	void *data;		/* malloc'ed raw BTF; NULL when the file has none */
	size_t size;		/* bytes at @data */
	char how[96];		/* how it was decoded: "bzImage, xz payload, ELF .BTF" */
	int e_machine;		/* ELF e_machine of the (decompressed) file, 0 if unknown */
	bool big_endian;	/* byte order, from ELF or BTF */
	int ptr_size;		/* 4 or 8 from the ELF class, 0 if unknown */
	char *vermagic;		/* malloc'ed .modinfo vermagic (modules), or NULL */
	char *modname;		/* malloc'ed .modinfo name= (modules), or NULL */
	char *depends;		/* malloc'ed .modinfo depends= ("vfio,kvm"), or NULL */
	bool has_debug_info;	/* an ELF with a .debug_info section */
	unsigned char build_id[64];	/* GNU build-id note of an ELF, if any */
	size_t build_id_len;	/* bytes in @build_id, 0 if none */
};

/* What identifies an ELF build: its machine and build-id. */
struct elf_id {
	int e_machine;		/* ELF e_machine */
	unsigned char build_id[64];	/* GNU build-id, if any */
	size_t build_id_len;	/* bytes in @build_id, 0 if none */
};

/* Limit on decompressed output, against decompression bombs (bytes). */
extern size_t image_max_output;

/*
 * Read the BTF carried by @path: raw BTF, an ELF vmlinux or module (.BTF
 * section), a compressed module (.ko.xz/.zst/.gz), an x86 bzImage, an EFI
 * zboot or arm64/riscv Image, or any other image with BTF inline or in a
 * compressed payload. A file that is valid but has no BTF returns 0 with
 * @out->data NULL. Errors return -errno with one message recorded naming
 * @path. The caller releases @out with image_btf_release().
 */
int image__read_btf(const char *path, struct image_btf *out);

/*
 * The same for a file already in memory (@size bytes at @mem, read out of a
 * package): @name stands for it in messages. @mem may be written to (libelf
 * may touch it); it stays the caller's.
 */
int image__read_btf_mem(void *mem, size_t size, const char *name, struct image_btf *out);

/* A whole input file in memory: a private writable mapping, else a copy. */
struct image_file {
	void *mem;		/* the bytes */
	size_t size;		/* bytes at @mem */
	bool mapped;		/* @mem is a mapping, not malloc'ed */
	bool prefix;		/* only the start of a file: image__read_elf() without @whole */
};

/*
 * Read the regular, non-empty file @path into @f the way every input is
 * read (a FIFO is refused, not waited on). Returns 0 or -errno with one
 * message naming @path. Release with image_file_close().
 */
int image__open_file(const char *path, struct image_file *f);

void image_file_close(struct image_file *f);

/*
 * As image__open_file(), then, if the file is compressed as a whole (a
 * .ko.xz), its decompressed bytes instead (malloc'ed, within
 * image_max_output). Release with image_file_close().
 */
int image__open_plain(const char *path, struct image_file *f);

/*
 * The kernel ELF inside an x86 bzImage or EFI zboot image at @path (or
 * @path itself when it is an ELF file), with its BTF, from one pass of the
 * payload's decompression: @out as image__read_btf() fills it, and the
 * ELF in @elf (malloc'ed or mapped; image_file_close()). Without @whole a
 * payload is decompressed only up to the end of its BTF (@elf->prefix is
 * then set): what lies before it, such as the ksymtab, without the section
 * headers at the end. A raw Image or BTF file has no ELF: -ENOENT with a
 * message.
 */
int image__read_elf(const char *path, struct image_btf *out, struct image_file *elf,
		    bool whole);

/* Free what image__read_btf() allocated; a zeroed struct is fine. */
void image_btf_release(struct image_btf *img);

/*
 * Machine and build-id of the (uncompressed) ELF file @path, e.g. a debug
 * module, to check that it belongs to the module it is used for. Returns 0
 * or -errno with a message naming @path.
 */
int image__elf_id(const char *path, struct elf_id *id);

/* A rough relative cost of image__read_btf(@path), for scheduling; 0 if unknown. */
size_t image__cost(const char *path);

/*
 * Check that @data/@size holds a complete BTF blob: magic, version, header
 * length and section bounds. Returns 0 or -EINVAL/-EPIPE with a message
 * naming @path.
 */
int image__check_btf(const void *data, size_t size, const char *path);

#endif
