// SPDX-License-Identifier: GPL-2.0
/*
 * kvet corpus: cleanup.h scope exits, written for kvet's parser tests (not kernel code).
 * Above each function, "exits:" lists every path's exit as the CFG should see it:
 * the returned value, then each scope-exit release in order ("no-op" when ownership left).
 */
#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/slab.h>

struct widget {
	struct device *dev;
	struct mutex lock;
	spinlock_t slock;
	struct list_head items;
	struct widget_buf __rcu *buf;
	void __iomem *regs;
	int users;
};

DEFINE_FREE(widget_put, struct widget *, if (_T) widget_put(_T))
static DECLARE_RWSEM(widget_rwsem);

/* exits: -ENOMEM | kfree(b); -EBUSY | unlock rwsem_write(&widget_rwsem) | kfree(b); 0 | unlock rwsem_write(&widget_rwsem) | kfree(b) no-op */
int __must_check widget_attach(struct widget *w, size_t len)
{
	struct widget_buf *b __free(kfree) = kzalloc(len, GFP_KERNEL);

	if (!b)
		return -ENOMEM;

	guard(rwsem_write)(&widget_rwsem);
	if (w->users)
		return -EBUSY;
	rcu_assign_pointer(w->buf, no_free_ptr(b));
	return 0;
}
EXPORT_SYMBOL_GPL(widget_attach);

/* exits: NULL | widget_put(w); NULL | unlock mutex(&w->lock) | widget_put(w); w | unlock mutex(&w->lock) | widget_put(w) no-op */
static struct widget *widget_lookup(struct device *dev)
{
	struct widget *w __free(widget_put) = widget_get(dev);

	if (!w)
		return NULL;
	scoped_guard(mutex, &w->lock) {
		if (!w->users)
			return NULL;
		w->users++;
	}
	return_ptr(w);
}

/* exits: -EINTR; 0 | unlock mutex_intr(&w->lock) */
static int widget_wait(struct widget *w)
{
	scoped_cond_guard(mutex_intr, return -EINTR, &w->lock) {
		while (w->users)
			widget_sleep(w);
	}
	return 0;
}

/* exits: rc | unlock spinlock_irqsave(&w->slock); -ENOENT | unlock spinlock_irqsave(&w->slock) */
static int widget_find(struct widget *w, int id)
{
	struct widget_item *it;
	int rc = 0;

	guard(spinlock_irqsave)(&w->slock);
	list_for_each_entry(it, &w->items, node) {
		if (it->id != id)
			continue;
		rc = it->state;
		goto found;
	}
	return -ENOENT;
found:
	return rc;
}

/* exits: rc; rc; rc; 0 */
static int widget_probe(struct widget *w)
{
	int rc;

	rc = widget_power_on(w);
	if (rc)
		return rc;
	rc = widget_map(w);
	if (rc)
		goto err_power;
	rc = widget_irq_on(w);
	if (rc)
		goto err_unmap;
	return 0;

err_unmap:
	widget_unmap(w);
err_power:
	widget_power_off(w);
	return rc;
}

/* exits: -EINVAL; (end); (end) */
static __maybe_unused int widget_mode(struct widget *w, int mode)
{
	switch (mode) {
	case 0:
		w->users = 0;
		fallthrough;
	case 1:
		w->users++;
		break;
	default:
		return -EINVAL;
	}
}

static DEVICE_ATTR_RO(users);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kvet corpus: cleanup scopes");
