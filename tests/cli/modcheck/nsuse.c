// SPDX-License-Identifier: GPL-2.0
/*
 * Calls dma_buf_get(), exported in namespace DMA_BUF; t0920 changes the
 * imported namespace to one the kernel does not know.
 */
#include <linux/dma-buf.h>
#include <linux/err.h>
#include <linux/module.h>

static int __init nsuse_init(void)
{
	struct dma_buf *buf = dma_buf_get(-1);

	return IS_ERR(buf) ? 0 : -EINVAL;
}

static void __exit nsuse_exit(void)
{
}

module_init(nsuse_init);
module_exit(nsuse_exit);
MODULE_IMPORT_NS(DMA_BUF);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kabiscan test: a namespaced import");
