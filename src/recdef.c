/*
 * recdef.c -- the numbers the records make of a job's end (see recdef.h).
 */
#include "recdef.h"

int
rec_exitval(const struct rec_end *e)
{
	if (e->killed)
		return -1;
	return e->signo != 0 ? 0 : e->exitval;
}

int
rec_status(const struct rec_end *e)
{
	if (e->killed)
		return -1;
	return e->signo != 0 ? 128 + e->signo : e->exitval;
}
