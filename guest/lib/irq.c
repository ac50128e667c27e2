// SPDX-License-Identifier: GPL-2.0-only
// Takes one interrupt per IRQ exception: acknowledge, call the handler,
// end it. An interrupt without a handler is disabled and counted, so a
// stray level interrupt cannot storm.
#include <stdint.h>
#include "console.h"
#include "gic.h"
#include "irq.h"
#include "spinlock.h"
#include "sysreg.h"

struct irq_slot {
	irq_handler_fn fn;
	void *arg;
};

static struct irq_slot slots[IRQ_NR_HANDLERS];
static uint64_t unhandled;

int irq_install(unsigned int intid, irq_handler_fn fn, void *arg)
{
	if (intid >= IRQ_NR_HANDLERS)
		return -1;
	slots[intid].arg = arg;
	__atomic_store_n(&slots[intid].fn, fn, __ATOMIC_RELEASE);
	return 0;
}

unsigned long irq_unhandled_count(void)
{
	return (unsigned long)atomic_read(&unhandled);
}

void irq_handle(struct exc_frame *frame)
{
	(void)frame;
	unsigned int intid = gic_ack();

	if (intid >= GIC_INTID_SPECIAL)
		return;		/* 1020-1023: nothing to end */
	irq_handler_fn fn = intid < IRQ_NR_HANDLERS ?
		__atomic_load_n(&slots[intid].fn, __ATOMIC_ACQUIRE) : 0;

	if (fn) {
		fn(intid, slots[intid].arg);
	} else {
		atomic_add_return(&unhandled, 1);
		gic_irq_disable(intid);
		printf("INFO: unhandled interrupt %u on CPU %u (disabled)\n",
		       intid, cpu_index());
	}
	gic_eoi(intid);
}
