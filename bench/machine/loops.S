// SPDX-License-Identifier: GPL-2.0-only
// Benchmark guests at 0x40000000. x19 = iterations (set by the bench).
	.text
	.org 0x000
alu:				// 4 ALU instructions per iteration
	mov x0, #0
1:	add x0, x0, #3
	eor x1, x1, x0
	subs x19, x19, #1
	b.ne 1b
	ldr x0, =0x84000008	// PSCI SYSTEM_OFF
	hvc #0
	.ltorg

	.org 0x100
ldst:				// 6 instructions per iteration, one load and one store
	ldr x2, =0x40100000
2:	ldr x3, [x2]
	add x3, x3, #1
	str x3, [x2, #8]
	eor x4, x4, x3
	subs x19, x19, #1
	b.ne 2b
	ldr x0, =0x84000008
	hvc #0
	.ltorg

	.org 0x200
sysreg:				// 3 instructions per iteration, one trapped MRS (CNTVCT_EL0)
3:	mrs x5, cntvct_el0
	subs x19, x19, #1
	b.ne 3b
	ldr x0, =0x84000008
	hvc #0
	.ltorg

	.org 0x300
mmio:				// 3 instructions per iteration, one GIC MMIO read (in-hypervisor)
	ldr x2, =0x08000000
4:	ldr w3, [x2, #4]	// GICD_TYPER
	subs x19, x19, #1
	b.ne 4b
	ldr x0, =0x84000008
	hvc #0
	.ltorg

	.org 0x400
exit:				// 3 instructions per iteration, one MMIO store that exits to the VMM
	ldr x2, =0x09000000
5:	str w19, [x2]
	subs x19, x19, #1
	b.ne 5b
	ldr x0, =0x84000008
	hvc #0
	.ltorg

