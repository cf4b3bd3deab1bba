// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_variant: a small vfio-pci variant driver built against compat.h,
 * the header `kabiscan header` writes from the type data of the kernels
 * the module is meant for.
 *
 * Like the variant drivers in drivers/vfio/pci/ (mlx5, hisilicon,
 * pds, virtio), it is a pci_driver that hands the device to
 * vfio_pci_core and fills a struct vfio_device_ops with the core's
 * functions. On top it adds one device-specific region: a read-only
 * "info" region, registered with vfio_pci_core_register_dev_region() when
 * the device is opened. Its struct vfio_pci_regops is filled with
 * callbacks whose prototypes come from compat.h (KABI_RET_/KABI_ARG_), so
 * they are the target kernel's own; a kernel that changed them fails the
 * build at the ops table instead of misbehaving at run time.
 *
 * It binds the QEMU "edu" device (1234:11e8, `-device edu`) through
 * driver_override only, as variant drivers do:
 *   echo vfio_variant > /sys/bus/pci/devices/0000:00:04.0/driver_override
 * and a VFIO user reads the region found by VFIO_DEVICE_GET_REGION_INFO
 * with type VFIO_REGION_TYPE_PCI_VENDOR_TYPE | 0x1234, subtype 1.
 */
/*
 * Phase one: compat.h before any kernel header, for its facts. Kbuild
 * names the kernel (-DKABI_TARGET_<release>); a header that does not
 * cover it stops the build here. Whether the kernel has vfio_pci_core
 * device regions decides whether <linux/vfio_pci_core.h> can be included
 * at all (5.10 has no such header). With KABI_ONE_INCLUDE=1, Kbuild
 * defines VV_ONE_INCLUDE and the header is only included below.
 */
#ifndef VV_ONE_INCLUDE
#include "compat.h"
#if !KABI_HAVE_FUNC_VFIO_PCI_CORE_REGISTER_DEV_REGION
#error "compat.h: the target kernel has no vfio_pci_core device regions"
#endif
#endif

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>
#include <generated/utsrelease.h>

/*
 * Phase two, after every kernel header: with KABI_CHECK_LAYOUT defined,
 * the header checks the sizes and offsets it recorded against the structs
 * the kernel headers define. (With VV_ONE_INCLUDE, Kbuild passes
 * -DKABI_CHECK_LAYOUT and this one include does both phases.)
 */
#ifndef KABI_CHECK_LAYOUT
#define KABI_CHECK_LAYOUT 1
#endif
#include "compat.h"

/*
 * Built with -DKABI_ALLOW_COMMON for a kernel the header does not name,
 * the facts are those all its kernels share, with no KABI_RELEASE.
 */
#ifdef KABI_COMMON
#define KABI_RELEASE "(the facts common to all kernels in compat.h)"
#endif

#if !KABI_HAVE_STRUCT_VFIO_PCI_REGOPS || !KABI_HAVE_FUNC_VFIO_PCI_CORE_REGISTER_DEV_REGION
#error "compat.h: the target kernel has no vfio_pci_core device regions"
#endif
#if KABI_NARGS_VFIO_PCI_REGOPS_RW != 5 || KABI_NARGS_VFIO_PCI_REGOPS_RELEASE != 2
#error "compat.h: vfio_pci_regops rw/release changed arity; update vv_info_rw/vv_info_release"
#endif
#if KABI_NARGS_FUNC_VFIO_PCI_CORE_REGISTER_DEV_REGION != 7
#error "compat.h: vfio_pci_core_register_dev_region() changed arity"
#endif

/* The function the driver calls has the prototype compat.h recorded. */
_Static_assert(__builtin_types_compatible_p(
		       typeof(vfio_pci_core_register_dev_region),
		       KABI_RET_FUNC_VFIO_PCI_CORE_REGISTER_DEV_REGION(
			       KABI_ARG_FUNC_VFIO_PCI_CORE_REGISTER_DEV_REGION_1,
			       KABI_ARG_FUNC_VFIO_PCI_CORE_REGISTER_DEV_REGION_2,
			       KABI_ARG_FUNC_VFIO_PCI_CORE_REGISTER_DEV_REGION_3,
			       KABI_ARG_FUNC_VFIO_PCI_CORE_REGISTER_DEV_REGION_4,
			       KABI_ARG_FUNC_VFIO_PCI_CORE_REGISTER_DEV_REGION_5,
			       KABI_ARG_FUNC_VFIO_PCI_CORE_REGISTER_DEV_REGION_6,
			       KABI_ARG_FUNC_VFIO_PCI_CORE_REGISTER_DEV_REGION_7)),
	       "vfio_pci_core_register_dev_region() differs from compat.h (" KABI_RELEASE ")");

#define VV_VENDOR_ID		0x1234	/* QEMU */
#define VV_DEVICE_ID		0x11e8	/* edu */
#define VV_REGION_SUBTYPE_INFO	1
#define VV_INFO_MAGIC		0x6b616269	/* "kabi" */
#define VV_INFO_VERSION		1

/* The contents of the info region, little-endian. */
struct vv_info {
	__le32 magic;
	__le16 version;
	__le16 pci_vendor;
	__le16 pci_device;
	__le16 reserved;
	char kabi_release[64];	/* the kernel compat.h described */
	char uts_release[64];	/* the kernel headers built against */
};

/* Region callbacks, declared with the target kernel's own prototypes. */
static KABI_RET_VFIO_PCI_REGOPS_RW
vv_info_rw(KABI_ARG_VFIO_PCI_REGOPS_RW_1 vdev, KABI_ARG_VFIO_PCI_REGOPS_RW_2 buf,
	   KABI_ARG_VFIO_PCI_REGOPS_RW_3 count, KABI_ARG_VFIO_PCI_REGOPS_RW_4 ppos,
	   KABI_ARG_VFIO_PCI_REGOPS_RW_5 iswrite)
{
	unsigned int i = VFIO_PCI_OFFSET_TO_INDEX(*ppos) - VFIO_PCI_NUM_REGIONS;
	struct vfio_pci_region *region = &vdev->region[i];
	loff_t pos = *ppos & VFIO_PCI_OFFSET_MASK;

	if (iswrite || pos >= region->size)
		return -EINVAL;
	count = min_t(size_t, count, region->size - pos);
	if (copy_to_user(buf, (u8 *)region->data + pos, count))
		return -EFAULT;
	*ppos += count;
	return count;
}

static KABI_RET_VFIO_PCI_REGOPS_RELEASE
vv_info_release(KABI_ARG_VFIO_PCI_REGOPS_RELEASE_1 vdev,
		KABI_ARG_VFIO_PCI_REGOPS_RELEASE_2 region)
{
	kfree(region->data);
	region->data = NULL;
}

/* An incompatible prototype is an error here (-Werror=incompatible-pointer-types). */
static const struct vfio_pci_regops vv_info_regops = {
	.rw = vv_info_rw,
	.release = vv_info_release,
};

static int vv_add_info_region(struct vfio_pci_core_device *vdev)
{
	struct pci_dev *pdev = vdev->pdev;
	struct vv_info *info;
	int ret;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	info->magic = cpu_to_le32(VV_INFO_MAGIC);
	info->version = cpu_to_le16(VV_INFO_VERSION);
	info->pci_vendor = cpu_to_le16(pdev->vendor);
	info->pci_device = cpu_to_le16(pdev->device);
	strscpy(info->kabi_release, KABI_RELEASE, sizeof(info->kabi_release));
	strscpy(info->uts_release, UTS_RELEASE, sizeof(info->uts_release));

	/* vfio_pci_core_disable() calls .release and frees the region table. */
	ret = vfio_pci_core_register_dev_region(vdev,
						VFIO_REGION_TYPE_PCI_VENDOR_TYPE | VV_VENDOR_ID,
						VV_REGION_SUBTYPE_INFO, &vv_info_regops,
						sizeof(*info), VFIO_REGION_INFO_FLAG_READ, info);
	if (ret)
		kfree(info);
	return ret;
}

static int vv_open_device(struct vfio_device *core_vdev)
{
	struct vfio_pci_core_device *vdev =
		container_of(core_vdev, struct vfio_pci_core_device, vdev);
	int ret;

	ret = vfio_pci_core_enable(vdev);
	if (ret)
		return ret;
	ret = vv_add_info_region(vdev);
	if (ret) {
		vfio_pci_core_disable(vdev);
		return ret;
	}
	vfio_pci_core_finish_enable(vdev);
	return 0;
}

static const struct vfio_device_ops vv_ops = {
	.name = "vfio-variant",
	.init = vfio_pci_core_init_dev,
	.release = vfio_pci_core_release_dev,
	.open_device = vv_open_device,
	.close_device = vfio_pci_core_close_device,
	.ioctl = vfio_pci_core_ioctl,
	.device_feature = vfio_pci_core_ioctl_feature,
	.read = vfio_pci_core_read,
	.write = vfio_pci_core_write,
	.mmap = vfio_pci_core_mmap,
	.request = vfio_pci_core_request,
	.match = vfio_pci_core_match,
	/*
	 * iommufd (6.2 on): the header tells whether the target kernel's
	 * vfio_device_ops has these members. A block of a multi-kernel header
	 * defines the flag 0 where another kernel has the member; a header
	 * made from 6.1 alone, and the #else block (facts shared by all
	 * kernels), do not define it at all, hence defined() (-Wundef).
	 */
#if defined(KABI_HAVE_MEMBER_VFIO_DEVICE_OPS_BIND_IOMMUFD) && \
	KABI_HAVE_MEMBER_VFIO_DEVICE_OPS_BIND_IOMMUFD
	.bind_iommufd = vfio_iommufd_physical_bind,
	.unbind_iommufd = vfio_iommufd_physical_unbind,
	.attach_ioas = vfio_iommufd_physical_attach_ioas,
#endif
#if defined(KABI_HAVE_MEMBER_VFIO_DEVICE_OPS_DETACH_IOAS) && \
	KABI_HAVE_MEMBER_VFIO_DEVICE_OPS_DETACH_IOAS
	.detach_ioas = vfio_iommufd_physical_detach_ioas,
#endif
};

static int vv_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct vfio_pci_core_device *vdev;
	int ret;

	vdev = vfio_alloc_device(vfio_pci_core_device, vdev, &pdev->dev, &vv_ops);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);

	dev_set_drvdata(&pdev->dev, vdev);
	ret = vfio_pci_core_register_device(vdev);
	if (ret) {
		vfio_put_device(&vdev->vdev);
		return ret;
	}
	return 0;
}

static void vv_remove(struct pci_dev *pdev)
{
	struct vfio_pci_core_device *vdev = dev_get_drvdata(&pdev->dev);

	vfio_pci_core_unregister_device(vdev);
	vfio_put_device(&vdev->vdev);
}

static const struct pci_device_id vv_table[] = {
	{ PCI_DRIVER_OVERRIDE_DEVICE_VFIO(VV_VENDOR_ID, VV_DEVICE_ID) },
	{}
};
MODULE_DEVICE_TABLE(pci, vv_table);

static struct pci_driver vv_driver = {
	.name = KBUILD_MODNAME,
	.id_table = vv_table,
	.probe = vv_probe,
	.remove = vv_remove,
	.err_handler = &vfio_pci_core_err_handlers,
	.driver_managed_dma = true,
};
module_pci_driver(vv_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vfio-pci variant driver example built with a kabiscan compat.h");
MODULE_INFO(kabi_release, KABI_RELEASE);
