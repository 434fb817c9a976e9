/*
 * config.h -- what the options ask of each module, decoded once.
 *
 * Owns the step between the command line and the modules.  config_check()
 * finds the options that cannot go together (and a directory for temporary
 * files that cannot be written, and a --shell that is not an executable
 * file) before anything is decoded or opened; its caller adds the hint to
 * --help, as for a parse error.  config_init() turns
 * struct options into each module's own configuration (js_setup,
 * input_opts, tpl_opts, pool_conf, records_conf, progress_conf), decodes -j
 * against the usable CPUs and the record files' names (+FILE, -.csv ...).  What
 * only the run can tell is added as it becomes known: make's jobserver's answer
 * (main.c sets pool.jobs and pool.dry_run), the sources' column names
 * (config_names), the number of items (config_chunksize), the record files
 * (config_records), and, for a run that is not a dry run, throttle_conf
 * (config_throttle: --load against the usable CPUs, --memfree against the
 * memory).
 *
 * config_check, config_init, config_chunksize and config_throttle print an
 * "xpool: " message and return -1 on a mistake; main.c decides the exit
 * status.
 * config_sem decodes --semaphore's options instead, for sem.c.
 * config_records opens the record files and exits 255 when one cannot be
 * opened.  Nothing else is opened here: main.c creates and wires the
 * modules.
 */
#ifndef XPOOL_CONFIG_H
#define XPOOL_CONFIG_H

#include <stddef.h>

#include "input.h"
#include "jobserver.h"
#include "options.h"
#include "pool.h"
#include "progress.h"
#include "records.h"
#include "sem.h"
#include "template.h"
#include "throttle.h"

struct config {
	struct js_setup js; /* for jobserver_open: -j, --jobserver, --dry-run */

	const struct src_spec *src; /* the item sources, for input_open */
	size_t nsrc;
	struct input_opts input;
	struct spread spread; /* --tee, --shard, --bin (main.c frees) */
	struct spread group; /* --group-by's column (main.c frees) */
	char **spread_items; /* --shard, --bin: an empty item per job ... */
	struct src_spec spread_src; /* ... as the one source of items */

	char **cmd; /* the command's words and its template options */
	size_t ncmd;
	struct tpl_opts tpl;
	char *tag; /* --tag / --tagstring as a template, or NULL */
	char *tag_text; /* --tagstring with its escapes read (main.c frees) */
	struct tpl_opts tag_tpl;
	char *
	    *tmpl; /* --template: NAME, FILE's text, NAME, ... (main.c frees) */
	size_t ntmpl; /* pairs */
	struct tpl_opts tmpl_tpl;
	char **filter; /* --filter's conditions */
	size_t nfilter;
	char *init; /* --init CMD, or NULL */
	char **launch; /* --launcher's words, or NULL (main.c frees them) */
	size_t nlaunch;
	char *launch_text; /* ... which point into this */
	int set_nice, nice; /* --nice N */
	int open_tty; /* -o, --tty: jobs read the terminal */
	const char *slot_var; /* --process-slot-var NAME, or NULL */
	struct tpl_opts init_tpl;
	struct hosts *hosts; /* -S with a remote host, or NULL (main.c frees) */
	char **logins; /* -S values and sshloginfile lines (main.c frees) */
	size_t nlogins;
	double ssh_delay; /* --ssh-delay, with a remote host */
	char **files; /* --transferfile, then --return: templates (main.c
	                 compiles them into pool.send and pool.back) */
	size_t nsend, nback;
	struct tpl_opts file_tpl;
	char **env; /* --env: "NAME=VALUE" of the environment (main.c frees) */
	size_t nenv;
	struct tpl_rpl *rpl; /* --rpl, longest tag first (main.c frees it) */
	char *slot_rpl; /* --plus's {0%}, made for -j (main.c frees it) */
	char *zip, *unzip; /* --compress's programs (main.c frees them) */

	/*
	 * All but the modules main.c creates (js, tag, init, rec, skip, prog,
	 * th) and what the run tells (items, and the jobserver's jobs).
	 */
	struct pool_conf pool;
	int count_items; /* pool.items is needed: see config_chunksize */
	int chunk_auto; /* --chunksize auto */

	struct records_conf rec; /* the record files, names decoded */
	int recording; /* --joblog, --results or --junit */
	int resume_failed; /* --resume-failed (or --retry-failed) */
	char **retry; /* --retry-failed: the log's commands (main.c frees) */
	size_t nretry;
	struct src_spec retry_src; /* ... as the one source of items */
	int header; /* --header: the record files name the sources */

	struct progress_conf progress; /* asks for none: no display */
	struct throttle_conf throttle; /* see config_throttle */
	int throttled; /* --delay, --load or --memfree, not a dry run */
};

int config_check(const struct options *);
int config_init(struct config *, const struct options *);
void config_names(struct config *, char **, size_t);
int config_chunksize(struct config *);
int config_throttle(struct config *, const struct options *);
int config_sem(struct sem_conf *, const struct options *, struct buf *);
void config_records(
    struct config *, char **, size_t, struct records **, struct seqset **);

#endif
