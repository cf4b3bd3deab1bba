/*
 * A module-shaped object (gcc -c, not Kbuild) that exports symbols the way
 * include/linux/export-internal.h lays them out on x86_64: place-relative
 * __ksymtab entries, names and namespaces in __ksymtab_strings, CRCs in
 * __kcrctab. -DTRUNCATED adds two stray bytes to __ksymtab; -DSHORT_CRCS
 * gives __ksymtab_gpl two entries and __kcrctab_gpl one CRC; -DNO_MODINFO
 * leaves .modinfo out.
 */
int fix_plain(void) { return 1; }
int fix_gpl(void) { return 2; }
int fix_crc(void) { return 3; }
int fix_ns_ok(void) { return 4; }

#define ENTRY(sym) \
	" .balign 4\n .long " #sym " - .\n .long __kstrtab_" #sym " - .\n" \
	" .long __kstrtabns_" #sym " - .\n"

#ifdef TRUNCATED
#define EXTRA " .short 0\n"
#else
#define EXTRA ""
#endif
#ifdef SHORT_CRCS
#define GPL_CRCS " .long 0x22222222\n"
#else
#define GPL_CRCS " .long 0x22222222\n .long 0x44444444\n"
#endif

asm(" .pushsection __ksymtab_strings,\"aMS\",%progbits,1\n"
    "__kstrtab_fix_plain: .asciz \"fix_plain\"\n__kstrtabns_fix_plain: .asciz \"\"\n"
    "__kstrtab_fix_crc: .asciz \"fix_crc\"\n__kstrtabns_fix_crc: .asciz \"\"\n"
    "__kstrtab_fix_gpl: .asciz \"fix_gpl\"\n__kstrtabns_fix_gpl: .asciz \"FIX_NS\"\n"
    "__kstrtab_fix_ns_ok: .asciz \"fix_ns_ok\"\n__kstrtabns_fix_ns_ok: .asciz \"FIX_NS2\"\n"
    " .popsection\n .pushsection __ksymtab,\"a\"\n" ENTRY(fix_crc) ENTRY(fix_plain) EXTRA
    " .popsection\n .pushsection __ksymtab_gpl,\"a\"\n" ENTRY(fix_gpl) ENTRY(fix_ns_ok)
    " .popsection\n .pushsection __kcrctab,\"a\"\n .long 0x33333333\n .long 0x11111111\n"
    " .popsection\n .pushsection __kcrctab_gpl,\"a\"\n" GPL_CRCS
#ifndef NO_MODINFO
    " .popsection\n .pushsection .modinfo,\"a\"\n .asciz \"license=GPL\"\n .asciz \"name=exporter\"\n"
#endif
    " .popsection\n");
