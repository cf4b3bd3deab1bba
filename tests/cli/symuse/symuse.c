// SPDX-License-Identifier: GPL-2.0
/*
 * Uses exported data only where compat.h (kabiscan header --spec with "sym"
 * entries, written by t0960) says the kernel exports it: jiffies is, so it
 * is read; kabiscan_not_exported is not, so the code that would link to it
 * is left out, and modpost finds nothing undefined.
 */
#include <linux/jiffies.h>
#include <linux/module.h>
#include "compat.h"

#if !KABI_EXPORTED_JIFFIES || KABI_EXPORT_GPL_JIFFIES
#error "jiffies is exported by EXPORT_SYMBOL on 6.1"
#endif

#if KABI_EXPORTED_KABISCAN_NOT_EXPORTED
extern unsigned long kabiscan_not_exported;
#endif

static int __init symuse_init(void)
{
	unsigned long now = jiffies;

#if KABI_EXPORTED_KABISCAN_NOT_EXPORTED
	now += kabiscan_not_exported;
#endif
	return now ? 0 : 0;
}

static void __exit symuse_exit(void)
{
}

module_init(symuse_init);
module_exit(symuse_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kabiscan test: exported data tested with KABI_EXPORTED_");
