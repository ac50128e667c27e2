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
# Without --spe (and on QEMU): every SPE register UNDEFINED.
guest_test(spe-undef CPUS 1)
# SPE conformance (docs/spe-driver.md): run only under vspe with --spe.
# VSPE: more `vspe run` flags; PROGRAM: a variant of another entry's ELF.
guest_test(spe-demo CPUS 1 SPE)
guest_test(spe-transparent CPUS 1 SPE)
guest_test(spe-id CPUS 1 SPE)
guest_test(spe-id-v1p2 PROGRAM spe-id CPUS 1 SPE VSPE --spe-version 1.2 ARGS "pmsver=3")
guest_test(spe-id-v1p0 PROGRAM spe-id CPUS 1 SPE VSPE --spe-version 1.0 ARGS "pmsver=1")
guest_test(spe-regs CPUS 1 SPE)
guest_test(spe-regs-v1p2 PROGRAM spe-regs CPUS 1 SPE VSPE --spe-version 1.2 ARGS "pmsver=3")
guest_test(spe-regs-v1p0 PROGRAM spe-regs CPUS 1 SPE VSPE --spe-version 1.0 ARGS "pmsver=1")
guest_test(spe-interval CPUS 1 SPE)
guest_test(spe-filter CPUS 1 SPE)
guest_test(spe-filter-v1p2 PROGRAM spe-filter CPUS 1 SPE VSPE --spe-version 1.2)
# Round-robin (--sched rr): the default slice (100,000) moves the vCPU
# between the 4 host CPUs while samples are in flight; the short ones put
# and load it every few samples. Each piece must start at the base, parse
# whole and carry no COLL flag (vcpu_put's PSB CSYNC completes the sample
# in flight: docs/spe-driver.md). spe-buffer-affine: the default scheduler,
# where the vCPU keeps one CPU and is never put.
guest_test(spe-buffer CPUS 1 SPE VSPE --sched rr)
guest_test(spe-buffer-q1000 PROGRAM spe-buffer CPUS 1 SPE VSPE --sched rr --quantum 1000)
guest_test(spe-buffer-q7777 PROGRAM spe-buffer CPUS 1 SPE VSPE --sched rr --quantum 7777)
guest_test(spe-buffer-affine PROGRAM spe-buffer CPUS 1 SPE)
guest_test(spe-fault CPUS 1 SPE)
# Memory (docs/memory.md): the buffer's stage-1 hole becomes an injected
# event under buffer pinning; a buffer that moves and is remapped mid-session
# keeps profiling under an aggressive host memory storm.
guest_test(spe-fault-pin-buffer PROGRAM spe-fault CPUS 1 SPE VSPE --spe-pin=buffer)
guest_test(spe-mm-move CPUS 1 SPE)
guest_test(spe-mm-move-storm PROGRAM spe-mm-move CPUS 1 SPE VSPE --spe-pin=buffer --mm-storm=200000)
# 4 vCPUs on 4 host CPUs under the default scheduler: each keeps its CPU.
guest_test(spe-smp CPUS 4 SPE VSPE --host-cpus 4)
# The -migrate variants ask for round-robin (--sched rr), which moves the
# vCPUs. 4 vCPUs time-sharing 2 host CPUs in 300,000-instruction slices:
# each vCPU is put and loaded again (on either CPU) several times during its
# session.
guest_test(spe-smp-migrate PROGRAM spe-smp CPUS 4 SPE VSPE --sched rr --host-cpus 2 --quantum 300000)
# The same on 3 host CPUs with 20,000-instruction slices: many exact sample
# stops between vCPU switches (it caught Unicorn's stale PC after a stop
# before a block, docs/machine.md).
guest_test(spe-smp-migrate-fast PROGRAM spe-smp CPUS 4 SPE VSPE --sched rr --host-cpus 3 --quantum 20000)
# 1,000-instruction slices on 3 host CPUs: hundreds of puts and loads per
# vCPU, many with a sample in flight; every piece still parses, no COLL.
guest_test(spe-smp-migrate-q1000 PROGRAM spe-smp CPUS 4 SPE VSPE --sched rr --host-cpus 3 --quantum 1000)
# Affinity with more vCPUs than host CPUs: 4 vCPUs share 3 CPUs without
# moving (two share one); each is still put and loaded at every slice.
guest_test(spe-smp-affine-shared PROGRAM spe-smp CPUS 4 SPE VSPE --host-cpus 3 --quantum 20000)
# Neoverse N1 erratum 1694299 (docs/errata.md): detected from MIDR_EL1, its
# sampling bias on an affected N1 (r3p1), none on r4p1, V1 or vspe's own.
guest_test(spe-errata CPUS 1 SPE ARGS "errata=0")
guest_test(spe-errata-n1 PROGRAM spe-errata CPUS 1 SPE VSPE --cpu neoverse-n1 ARGS "errata=1 interval=1024 archinst=0")
# The same with eager register switching (every exit saves and restores the unit).
guest_test(spe-errata-n1-eager PROGRAM spe-errata CPUS 1 SPE VSPE --cpu neoverse-n1 --spe-switch eager ARGS "errata=1 interval=1024 archinst=0")
guest_test(spe-errata-n1-r4p1 PROGRAM spe-errata CPUS 1 SPE VSPE --cpu neoverse-n1:r4p1 ARGS "errata=0 interval=1024 archinst=0")
guest_test(spe-errata-v1 PROGRAM spe-errata CPUS 1 SPE VSPE --cpu neoverse-v1 ARGS "errata=0 interval=1024")
# The host profiles the guest with the same unit (docs/host-profiling.md):
# exclusive-host hides it (P = 1, the probe refuses, UNDEFs); share does not.
guest_test(spe-hostprof CPUS 1 SPE VSPE --host-profile)
guest_test(spe-hostprof-exclusive PROGRAM spe-hostprof CPUS 1 SPE
  VSPE --host-profile --spe-policy exclusive-host ARGS "exclusive=1")
