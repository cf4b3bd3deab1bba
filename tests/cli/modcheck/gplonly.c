// SPDX-License-Identifier: GPL-2.0
/* Calls ktime_get(), EXPORT_SYMBOL_GPL; t0920 turns its license into "MIT". */
#include <linux/module.h>
#include <linux/timekeeping.h>

static int __init gplonly_init(void)
{
	pr_info("gplonly: %lld\n", ktime_get());
	return 0;
}

static void __exit gplonly_exit(void)
{
}

module_init(gplonly_init);
module_exit(gplonly_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kabiscan test: a GPL-only import");
