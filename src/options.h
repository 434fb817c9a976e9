/*
 * options.h -- the command line.
 *
 * Owns the option table: one row per option, sorted by long name, which
 * says how the option's value is decoded and from which getopt_long's tables
 * and --help are generated, so that --help can never disagree with what is
 * parsed.  options_parse() fills struct options, with the defaults for what
 * is not given (--tmpdir: $TMPDIR, else /tmp), and checks each value on its
 * own; options that contradict each other are config.c's to find.  The
 * command and the ::: / :::: sources are taken from what follows the
 * options.
 *
 * options_read() is options_parse() as the program starts: before the
 * command line's options come those of GNU parallel's profile files --
 * /etc/parallel/config, then config in each of $PARALLEL_HOME,
 * $XDG_CONFIG_HOME/parallel, $XDG_CONFIG_DIRS' parallel and ~/.parallel,
 * then ~/.parallelrc; or instead of them each -J NAME, NAME in those
 * directories (./NAME or /NAME: that file) -- then those of $PARALLEL and
 * $PARALLEL_CSH, unless the command line gives --plain.  A file's lines
 * (but those starting with #) and the variables are split into words by
 * quote_words().  Each of the three is parsed on its own, up to its first
 * word that is not an option; the rest of the profiles' words, then of
 * $PARALLEL's, go before the command line's command.  A missing config
 * file is no mistake; a missing -J profile is.
 *
 * On a mistake (an unknown option, a missing or bad value, a misplaced
 * source) options_parse() prints one "xpool: " message, frees what it took
 * and returns -1; it never exits.  The caller adds the hint to --help and
 * exits 255 (XPOOL_EXIT_ERROR).  With --help, --version or another option
 * that prints and exits (--number-of-cores, --minversion ...) it stops there
 * and returns 0: nothing else is looked at.
 */
#ifndef XPOOL_OPTIONS_H
#define XPOOL_OPTIONS_H

#include <stddef.h>

#include "input.h"
#include "parse.h"
#include "template.h"

enum { GROUP_JOB, GROUP_LINE, GROUP_NONE, GROUP_LATEST };

/* An option given: its row's long name (or NULL) and letter (or 0). */
struct opt_given {
	const char *lname;
	int letter;
};

struct options {
	struct src_spec *src; /* -a, :::, ::::, :::+, ::::+ in order */
	size_t nsrc;
	char delim;
	const char *colsep;
	int header; /* --header other than 0: a header line per source */
	const char *header_re; /* its value (--pipe: what the header is) */
	int header_files; /* --header 0: the files name their sources */
	int trim; /* TRIM_LEFT | TRIM_RIGHT; -1 when not given */
	int link;
	int skip_blank; /* -r */
	int skip_first; /* --skip-first-line */
	int csv; /* --csv */
	long total_jobs; /* --total-jobs N; 0 when not given */

	char **cmd; /* the command words (none: items are commands) */
	size_t ncmd;
	const char *replstr; /* -I STR, -i STR, --replace=STR */
	const char *rename[TPL_NNAMES]; /* --extensionreplace STR ... */
	int plus; /* --plus */
	const char *eof; /* -E STR: the item that ends the input */
	const char *arg_sep; /* --arg-sep: ::: */
	const char *arg_file_sep; /* --arg-file-sep: :::: */
	int quote;
	const char *shell;
	const char *launcher; /* --launcher PREFIX */
	const char **sshlogin; /* -S values, in order */
	size_t nsshlogin;
	const char **slf; /* --sshloginfile FILEs */
	size_t nslf;
	const char *ssh; /* --ssh CMD */
	double ssh_delay; /* --ssh-delay, seconds; 0 for none */
	const char *workdir; /* --workdir DIR */
	const char **tf; /* --transferfile FILEs */
	size_t ntf;
	int transfer; /* --transfer: --transferfile {} */
	const char **ret; /* --return FILEs */
	size_t nret;
	int cleanup; /* --cleanup */
	const char **basefile; /* --basefile FILEs */
	size_t nbasefile;
	const char *rsync_opts; /* --rsync-opts OPTS */
	const char **env; /* --env NAMEs */
	size_t nenv;
	const char *parens; /* --parens: the {= =} of Perl expressions */
	const char **rpl; /* --rpl 'TAG PERL', in order */
	const char **tmpl; /* --template FILE=NAME, in order */
	size_t ntmpl;
	const char **filter; /* --filter FILTER, in order */
	size_t nfilter;
	size_t nrpl;

	long max_args; /* -n N; 0 when not given */
	int no_args; /* -n 0 or -N 0: a job per item, with no values */
	int replace_args; /* -N: {1}..{N} name the records */
	int pack; /* -X, -m, --xargs: as many as the argument limit takes */
	int spread; /* -X, -m: the last ones spread over the slots */
	size_t max_chars; /* -s: a command line is shorter; 0: no limit */
	int exit_long; /* -x: a command over a limit ends the run */
	int context; /* -X */
	long max_lines; /* -L N, -l [N]: lines per command */
	int lines_opt; /* 'L' or 'l' when given (the last), else 0 */

	const char *jobs; /* -j text; parsed once the CPU count is known */
	int cpu_unit; /* --use-*-instead-of-threads: an enum sys_cpu_unit */
	int jobserver_off; /* --jobserver=off */
	double delay; /* --delay, seconds; 0 for none */
	const char *load; /* --load text, parsed like -j; or NULL */
	size_t memfree; /* --memfree SIZE; 0 for none */
	const char *limit; /* --limit CMD, or NULL */
	size_t memsuspend; /* --memsuspend SIZE; 0 for none */
	int noswap; /* --noswap */
	int dry_run;
	int verbose; /* -v */
	int trace; /* -t */
	int interactive; /* -p: ask on the terminal before each job */
	int open_tty; /* -o, --tty: jobs read /dev/tty */
	int tty; /* --tty */
	int unordered;
	int shuf; /* --shuf */
	int no_keep_order; /* --no-keep-order: --unordered, whatever -k says */
	int keep_order; /* -k was given */
	int silent; /* --silent: no -v, whatever it says */
	int tollef; /* --tollef: GNU parallel's retired option */
	int gnu; /* --gnu: --tollef is ignored */
	int shell_quote; /* --shell-quote: times the command is quoted */
	const char *slot_var; /* --process-slot-var NAME */
	int group; /* GROUP_JOB, GROUP_LINE, GROUP_NONE (-u), GROUP_LATEST */
	int tag; /* --tag */
	int filter_hosts; /* --filter-hosts */
	int slurm_hosts; /* --slurm-hosts */
	int onall; /* --onall */
	int nonall; /* --nonall */
	int hostgroups; /* --hostgroups */
	const char *tagstring; /* --tagstring STR */
	int color; /* --color */
	int color_failed; /* --color-failed */
	int ctag; /* --ctag: --tag --color */
	const char *ctagstring; /* --ctagstring STR: --tagstring STR --color */
	size_t buffer; /* --buffer SIZE */
	const char *tmpdir; /* --tmpdir DIR, else $TMPDIR or /tmp */
	int files; /* --files */
	int compress; /* --compress */
	const char *compress_program; /* --compress-program PRG, or NULL */
	const char *decompress_program; /* --decompress-program PRG, or NULL */
	long nice; /* --nice N, from -20 to 19 */
	int nice_given;

	double timeout; /* --timeout in seconds, or 0 */
	double timeout_pct; /* --timeout P%, or 0 */
	struct termseq termseq; /* --termseq */
	long retries; /* --retries N: tries in all; 0 or 1 is one */
	struct halt halt; /* --halt */
	const char *joblog; /* --joblog FILE */
	int resume, resume_failed; /* --resume, --resume-failed */
	int retry_failed; /* --retry-failed */
	const char *results; /* --results NAME */
	const char *junit; /* --junit FILE */
	int bar, progress, eta; /* --bar, --progress, --eta */
	int pipe; /* --pipe */
	int pipe_part; /* --pipe-part (which implies --pipe) */
	int cat, fifo; /* --cat, --fifo (which imply --pipe) */
	int round_robin; /* --round-robin (which implies --pipe) */
	int tee; /* --tee: all of stdin to every job (with --pipe) */
	const char *shard; /* --shard COL: lines to jobs by a hash of COL */
	const char *group_by; /* --group-by COL: records of equal COL */
	const char *bin; /* --bin COL: lines to jobs by COL modulo -j */
	const char *init; /* --init CMD */
	int worker; /* --worker */
	int chunk_auto; /* --chunksize auto */
	int block_given, recend_given; /* --block, --recend (for --pipe) */
	const char *recend; /* --recend as given, when not one byte */
	const char *recstart; /* --recstart STR */
	int regexp; /* --regexp: --recend and --recstart are regexes */
	int remove_rec_sep; /* --remove-rec-sep, --rrs */
	double block_timeout; /* --block-timeout DURATION; or 0 */
	const char *eot; /* --eot STRING */
	long maxtasks; /* --maxtasksperchild N */
	int pty; /* --pty 1, --no-pty -1, else 0 */
	size_t block; /* --block SIZE */
	long block_slots; /* --block -N: N parts per job slot; or 0 */
	size_t max_record; /* --max-record SIZE */

	int semaphore; /* --semaphore, or implied (sem, --fg, --id ...) */
	int sem_fg; /* --fg 1, --bg 2, else 0 */
	int sem_wait; /* --wait */
	const char *sem_id; /* --id NAME */
	const char *sem_timeout; /* --semaphore-timeout SECS, as given */

	int help;
	int version;
	const char *shell_completion; /* --shell-completion SHELL, or NULL */
	int cpus_query; /* --number-of-*: 1 + the enum sys_cpu_unit; or 0 */
	int max_line_length; /* --max-line-length-allowed */
	int record_env; /* --record-env */
	int show_limits; /* --show-limits */
	long minversion; /* --minversion VERSION */
	int minversion_given;

	struct opt_given *given; /* every option given, in order */
	size_t ngiven;

	char **sb_argv; /* --shebang: the command line made of the script's */
	char *sb_words; /* ... and the #! line's words */
	char *pf_words; /* the words of the profiles and $PARALLEL */
	char **pf_argv; /* ... as two argvs, then the operands of all three */
};

int options_parse(int, char **, struct options *);
int options_read(int, char **, struct options *);
void options_help(void);
int options_record_env(void);
int options_ignored_vars(struct buf *, struct buf *);
void options_free(struct options *);

#endif
