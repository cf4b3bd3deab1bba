/*
 * A module-shaped object that imports what exporter.c exports, with a
 * version table (__versions, 64-byte records) and .modinfo as modpost
 * writes them. LICENSE, VERMAGIC and IMPORT_NS are set with -D; -DONLY_PLAIN
 * imports fix_plain alone; -DNO_VERSIONS leaves the version table out (a
 * module built without CONFIG_MODVERSIONS).
 */
#ifndef LICENSE
#define LICENSE "Proprietary"
#endif

extern int fix_plain(void);
extern int fix_gpl(void);
extern int fix_crc(void);
extern int fix_ns_ok(void);
extern int fix_missing(void);
extern int fix_weak(void) __attribute__((weak));

int use(void)
{
#ifdef ONLY_PLAIN
	return fix_plain();
#else
	return fix_plain() + fix_gpl() + fix_crc() + fix_ns_ok() + fix_missing() +
	       (fix_weak ? fix_weak() : 0);
#endif
}

#define VERSION(crc, name) "1: .quad " #crc "\n .asciz \"" name "\"\n .org 1b + 64\n"

asm(
#ifndef NO_VERSIONS
    " .pushsection __versions,\"a\"\n .balign 32\n"
    VERSION(0xbce1a965, "module_layout")
    VERSION(0x11111111, "fix_plain")
    VERSION(0x22222222, "fix_gpl")
    VERSION(0x33333334, "fix_crc")
    VERSION(0x44444444, "fix_ns_ok")
    " .popsection\n"
#endif
    " .pushsection .modinfo,\"a\"\n .asciz \"license=" LICENSE "\"\n"
    " .asciz \"vermagic=" VERMAGIC "\"\n"
#ifdef IMPORT_NS
    " .asciz \"import_ns=" IMPORT_NS "\"\n"
#endif
    " .asciz \"name=importer\"\n .popsection\n");
