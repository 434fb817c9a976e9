/*
 * slurm.h -- --slurm-hosts: the nodes of the Slurm allocation xpool runs
 * in, as -S logins.
 *
 * Owns what the allocation says about itself: $SLURM_JOB_NODELIST (or
 * $SLURM_NODELIST), expanded into node names by Slurm's own scontrol (no
 * hostlist syntax is read here), the CPUs of each node from
 * $SLURM_JOB_CPUS_PER_NODE (Slurm's compressed form, slurm_cpus(), pure),
 * and which node is this machine ($SLURMD_NODENAME, else the short host
 * name).  Called by config.c, before the logins are parsed; the logins it
 * adds are [N/]NODE, and : for this machine.  Knows nothing of ssh, the
 * connections or the slots beyond a login's N/.
 */
#ifndef XPOOL_SLURM_H
#define XPOOL_SLURM_H

#include <stddef.h>

/* The most slots a login's N/ may give (as logins.c takes them). */
#define SLURM_MAX_CPUS 100000

int slurm_cpus(const char *, long *, size_t, const char **);
int slurm_logins(int, char ***, size_t *);

#endif
