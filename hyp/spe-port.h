/* SPDX-License-Identifier: GPL-2.0-only */
/* The SPE unit's memory port over guest stage 1 + the memslot stage 2. */
#ifndef HYP_SPE_PORT_H
#define HYP_SPE_PORT_H

#include "hw/spe.h"

struct hyp_pcpu;
void spe_port_init(struct spe_mem_port *port, struct hyp_pcpu *pcpu);

#endif
