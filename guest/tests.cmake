# SPDX-License-Identifier: GPL-2.0-only
# The guest test manifest (kvm-unit-tests' unittests.cfg in spirit).
# One line per program guest/tests/<name>.c -> <build>/guest/<name>.elf:
#   guest_test(<name> [CPUS <n>] [SPE] [EXPECT <status>] [ARGS <command line>])
# CPUS: vCPUs to boot (-smp / --cpus); SPE: needs the Statistical Profiling
# Extension, so it runs on vspe only (name it spe-*); EXPECT: the test
# passes when the guest exits with this status instead of 0; ARGS: extra
# command line, passed to the guest in /chosen/bootargs (QEMU -append).
guest_test(hello CPUS 1 ARGS "vspe-guest hello")
guest_test(sysreg-trap CPUS 1)
guest_test(sysregs CPUS 1)
guest_test(mmio CPUS 1)
guest_test(timer CPUS 1)
guest_test(smp CPUS 4)
guest_test(el0 CPUS 1)
guest_test(exceptions CPUS 1)
guest_test(psci CPUS 1)
guest_test(irq CPUS 1)
guest_test(abort CPUS 1 EXPECT 2)
guest_test(demo CPUS 1)
guest_test(compute CPUS 1)
guest_test(memory CPUS 1)
guest_test(spe-basic CPUS 1 SPE)
