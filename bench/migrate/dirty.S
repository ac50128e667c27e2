// SPDX-License-Identifier: GPL-2.0-only
// A guest that dirties memory at a known rate, for bench/migrate: PASSES
// passes over PAGES pages from 0x41000000, one store per page, SPIN idle
// loop iterations (2 instructions each) between stores; then PSCI
// SYSTEM_OFF (the benchmark migrates it long before).
#if !defined(PASSES) || !defined(PAGES) || !defined(SPIN)
#error "build with -DPASSES=<n> -DPAGES=<n> -DSPIN=<n>"
#endif
	.section .text.start, "ax"
	.global _start
_start:
	ldr	x10, =PASSES
1:	ldr	x11, =0x41000000
	ldr	x12, =PAGES
2:	str	x10, [x11]
	add	x11, x11, #4096
	ldr	x13, =SPIN
3:	subs	x13, x13, #1
	b.ne	3b
	subs	x12, x12, #1
	b.ne	2b
	subs	x10, x10, #1
	b.ne	1b

	ldr	x0, =0x84000008		// PSCI SYSTEM_OFF
	hvc	#0
	b	.
	.ltorg
