# fish completion for xpool(1)
# Installed as share/fish/vendor_completions.d/xpool.fish.
# The options are those of optdefs[] in src/options.c.

# Read the words before the cursor.  Print where the word being completed
# is: "options" (options or COMMAND may come), "value" (the value of an
# option), "command" (COMMAND, after --), "args" (COMMAND's arguments),
# ":::" or "::::" (items after a separator); then, for "args", the index of
# COMMAND in the words.
function __xpool_parse
    set -l words (commandline -opc)
    set -l where options
    set -l skip 0
    set -l cmd 0
    for i in (seq 2 (count $words))
        set -l w $words[$i]
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $where
            case options
                switch $w
                    case --
                        set where command
                    case ::: :::+
                        set where :::
                    case :::: ::::+
                        set where ::::
case --arg-file --argfile --arg-file-sep --arg-sep --argfilesep --argsep --basenameextensionreplace --basenamereplace --bner --bnr --dirnamereplace --dnr --er --extensionreplace --seqreplace --slotreplace --block --block-size --blocksize --buffer --chunksize --colsep --col-sep --delay --delimiter --eot --halt --halt-on-error --haltonerror --header --init --jl --jobs --joblog --jobserver --junit --launcher --load --max-args --maxargs --max-chars --maxchars --max-procs --maxprocs --max-record --max-replace-args --maxreplaceargs --maxtasksperchild --memfree --min-version --minversion --nice --parens --process-slot-var --processslotvar --recend --recstart --res --results --result --retries --rpl --shell --tagstring --tag-string --term-seq --termseq --timeout --tmpdir --tempdir --total --total-jobs --totaljobs --trim --id --semaphore-name --semaphorename --semaphore-timeout --semaphoretimeout --st --slf --ssh --ssh-delay --sshdelay --sshlogin --sshloginfile --profile --basefile --bf --env --return --rsync-opts --rsyncopts --tf --transferfile --transfer-file --transfer-files --transferfiles --trc --wd --workdir --work-dir --ctag-string --ctagstring --filter --compress-program --compressprogram --use-compress-program --usecompressprogram --decompress-program --decompressprogram --use-decompress-program --usedecompressprogram --limit --shell-completion --shellcompletion --template --tmpl --memsuspend --bin --shard --group-by --groupby
                        set skip 1
                    case '--*'
                    case '-?*'
                        # A cluster ending in a letter that takes a value.
                        if string match -qr -- '^-[^aCdEIjJLnNPsS]*[aCdEIjJLnNPsS]$' $w
                            set skip 1
                        end
                    case '*'
                        set where args
                        set cmd $i
                end
            case command
                set where args
                set cmd $i
            case '*'
                switch $w
                    case ::: :::+
                        set where :::
                    case :::: ::::+
                        set where ::::
                end
        end
    end
    if test $skip -eq 1
        set where value
    end
    echo $where
    echo $cmd
end

# Whether the word being completed is in one of the places given.
function __xpool_at
    contains -- (__xpool_parse)[1] $argv
end

# COMMAND's own completions for its arguments.
function __xpool_command_args
    set -l p (__xpool_parse)
    set -l words (commandline -opc)
    set -l cmdline (string escape -- $words[$p[2]..-1]) (commandline -ct)
    complete -C (string join ' ' -- $cmdline)
end

# Whether the word being completed starts a separator.
function __xpool_colon
    string match -q -- ':*' (commandline -ct)
end

complete -c xpool -e

# One line per option of optdefs[]: short|long|value|description, where
# value is empty (no value), "file", "dir", "command", "any", or the
# candidates for -a.
for spec in \
    '-0|--null||Items end with a NUL byte, not newline' \
    '-a|--arg-file|file|Read items from FILE (repeatable; - is stdin)' \
    '|--argfile|file|The same as --arg-file' \
    '|--arg-file-sep|any|Use SEP instead of :::: before files of items' \
    '|--arg-sep|any|Use SEP instead of ::: before items' \
    '|--argfilesep|any|The same as --arg-file-sep' \
    '|--argsep|any|The same as --arg-sep' \
    '|--bar||Show a progress bar on standard error' \
    '|--bg||With --semaphore: start the command in the background and return (the default)' \
    '|--basenameextensionreplace|any|Use STR instead of {/.}' \
    '|--basenamereplace|any|Use STR instead of {/}' \
    '|--bner|any|The same as --basenameextensionreplace' \
    '|--bnr|any|The same as --basenamereplace' \
    '|--block|64K 1M\tthe\ default 10M 100M 1G|With --pipe: blocks of about SIZE bytes (default 1M; K M G T, or k m g t)' \
    '|--block-size|64K 1M\tthe\ default 10M 100M 1G|The same as --block' \
    '|--blocksize|64K 1M\tthe\ default 10M 100M 1G|The same as --block' \
    '|--block-timeout|any|With --pipe: when a block takes longer than DURATION to read, give the whole records read so far' \
    '|--blocktimeout|any|The same as --block-timeout' \
    '|--bt|any|The same as --block-timeout' \
    '|--buffer|any|Hold up to SIZE of waiting output in memory, then use a temporary file' \
    '|--cat||With --pipe or --pipe-part: the block is in a temporary file, {}, removed after the job' \
    '|--cf||The same as --color-failed' \
    '|--chunksize|auto\tabout\ 4\ commands\ per\ slot|The same as -n N; auto: items / (4 x jobs), rounded up' \
    '-C||any|The same as --colsep' \
    '|--color||Show each job\'s lines (and --tag\'s tag) in a colour of its own' \
    '|--color-fail||The same as --color-failed' \
    '|--color-failed||Show the lines of the jobs that failed in white on red' \
    '|--colorfail||The same as --color-failed' \
    '|--colorfailed||The same as --color-failed' \
    '|--colour||The same as --color' \
    '|--colour-fail||The same as --color-failed' \
    '|--colour-failed||The same as --color-failed' \
    '|--colourfail||The same as --color-failed' \
    '|--colourfailed||The same as --color-failed' \
    '|--colsep|any|Split each item into columns {1} {2} ... at REGEX' \
    '|--col-sep|any|The same as --colsep' \
    '|--compress||Compress output held past --buffer in temporary files' \
    '|--compress-program|command|Compress with PRG, decompress with PRG -dc (implies --compress)' \
    '|--compressprogram|command|The same as --compress-program' \
    '|--csv||Items are CSV records: split at --colsep (default ,) with RFC 4180 quoting' \
    '|--ctag||The same as --tag --color' \
    '|--ctag-string|any|The same as --ctagstring' \
    '|--ctagstring|any|The same as --tagstring STR --color' \
    '|--decompress-program|command|With --compress: decompress with PRG' \
    '|--decompressprogram|command|The same as --decompress-program' \
    '|--delay|any|Start a job at most once per DURATION (0.5, 2s, 300ms)' \
    '-d|--delimiter|any|Items end with DELIM, not newline (\n \t \0 \xHH ...)' \
    '|--dry-run||Print the commands instead of running them' \
    '|--dryrun||The same as --dry-run' \
    '|--dr||The same as --dry-run' \
    '|--dirnamereplace|any|Use STR instead of {//}' \
    '|--dnr|any|The same as --dirnamereplace' \
    '-E||any|Stop reading items at an item that is STR' \
    '-e|--eof||The same as -E STR (the value is optional)' \
    '|--er|any|The same as --extensionreplace' \
    '|--extensionreplace|any|Use STR instead of {.}' \
    '|--eot|any|With --worker: a result ends with a line STRING (STRING N: the item failed with status N)' \
    '|--eta||Show the estimated time left on standard error' \
    '-x|--exit||End the run (exit 255) when a command is over the system limit, as it does at the limit -s sets' \
    '|--fifo||With --pipe or --pipe-part: the block comes through a named pipe, {}, the command must read' \
    '|--fg||With --semaphore: run the command in the foreground, exit with its status' \
    '|--files||Put each job\'s stdout in a file in --tmpdir and print its name instead' \
    '|--filter|any|Only run the jobs for which FILTER, Perl with replacement strings, is true' \
    '|--output-as-files||The same as --files' \
    '|--outputasfiles||The same as --files' \
    '|--group||Keep the output of each job together (the default)' \
    '|--group-by|any|With --pipe: a record is the lines in a row whose column COL (or Perl EXPR of it) has the same value' \
    '|--groupby|any|The same as --group-by' \
    '|--halt|now,fail=1\tend\ the\ running\ jobs\ at\ the\ first\ failure soon,fail=1\tstart\ no\ new\ job\ after\ the\ first\ failure now,success=1\tend\ the\ running\ jobs\ at\ the\ first\ success soon,success=1\tstart\ no\ new\ job\ after\ the\ first\ success now,done=1\tend\ the\ running\ jobs\ when\ one\ ends never\trun\ every\ job|Stop early: now or soon, when fail=N, success=N or done=N jobs (N or N%) ended' \
    '|--halt-on-error|now,fail=1\tend\ the\ running\ jobs\ at\ the\ first\ failure soon,fail=1\tstart\ no\ new\ job\ after\ the\ first\ failure now,success=1\tend\ the\ running\ jobs\ at\ the\ first\ success soon,success=1\tstart\ no\ new\ job\ after\ the\ first\ success now,done=1\tend\ the\ running\ jobs\ when\ one\ ends never\trun\ every\ job|The same as --halt' \
    '|--haltonerror|now,fail=1\tend\ the\ running\ jobs\ at\ the\ first\ failure soon,fail=1\tstart\ no\ new\ job\ after\ the\ first\ failure now,success=1\tend\ the\ running\ jobs\ at\ the\ first\ success soon,success=1\tstart\ no\ new\ job\ after\ the\ first\ success now,done=1\tend\ the\ running\ jobs\ when\ one\ ends never\trun\ every\ job|The same as --halt' \
    '|--header|:\tthe\ first\ line\ names\ the\ columns 0\tfiles\ name\ their\ sources|The first line of each source names its columns ({name}); with --pipe, the first N lines or what REGEX matches start each block' \
    '-h|--help||Print the help and exit' \
    '|--id|any|The same as --semaphore-name' \
    '-I||any|Use STR instead of {} for the item' \
    '-i|--replace||The same as -I STR, or -I {} without STR' \
    '|--init|command|Run CMD once in each slot before its first job ({%} is the slot); stop if it fails' \
    '-p|--interactive||Ask on the terminal before each job; run it only when the answer starts with y' \
    '-j|--jobs|any|Run N jobs at once: N, +N, -N, N% of the CPUs, or 0' \
    '|--jl|file|The same as --joblog' \
    '|--joblog|file|Log each job to FILE as GNU parallel does (+FILE appends; - is stdout)' \
    '|--jobserver|auto\tshare\ the\ make\ jobserver off\tignore\ make|Share the job slots of make -jN and offer -j slots to nested runs' \
    '|--junit|file|Write a JUnit XML report to FILE, one test case per job' \
    '-k|--keep-order||Output in input order (the default)' \
    '|--keeporder||The same as --keep-order' \
    '-M|--controlmaster||With -S: one ssh connection per host, shared by its jobs (the default)' \
    '-S|--sshlogin|any|Run jobs on HOST through ssh, N at a time ([N/]HOST[,...]; : is this machine)' \
    '|--sshloginfile|file|Run jobs on the hosts FILE lists, one [N/]HOST a line' \
    '|--slf|file|The same as --sshloginfile' \
    '|--slurm-hosts||Run jobs on the nodes of the Slurm allocation through ssh, as many at once as each has CPUs (with -S: as well)' \
    '|--ssh|any|With -S: the ssh command and its options (default ssh)' \
    '|--ssh-delay|any|With -S: start a remote job at most once per DURATION' \
    '|--sshdelay|any|The same as --ssh-delay' \
    '|--transferfile|file|With -S: send FILE to the host before the job' \
    '|--transfer-file|file|The same as --transferfile' \
    '|--transfer-files|file|The same as --transferfile' \
    '|--transferfiles|file|The same as --transferfile' \
    '|--tf|file|The same as --transferfile' \
    '|--transfer||The same as --transferfile {}' \
    '|--return|file|With -S: bring FILE back from the host after the job' \
    '|--cleanup||With -S: remove the files sent and brought back from the host' \
    '|--trc|file|The same as --transfer --return FILE --cleanup' \
    '|--basefile|file|With -S: send FILE to each host once, before its first job' \
    '|--bf|file|The same as --basefile' \
    '|--rsync-opts|any|The options rsync copies files with (default -rlDzR)' \
    '|--rsyncopts|any|The same as --rsync-opts' \
    '|--workdir|dir|Run remote jobs in DIR under the home (. here, ... a temporary one)' \
    '|--wd|dir|The same as --workdir' \
    '|--work-dir|dir|The same as --workdir' \
    '|--env|any|With -S: copy the variable or exported bash function NAME to the remote jobs' \
    '|--filter-hosts||With -S: before the first job, leave out the hosts ssh cannot log in to' \
    '|--filter-host||The same as --filter-hosts' \
    '|--filterhosts||The same as --filter-hosts' \
    '|--hostgroups||With -S @GROUP/HOST: ITEM@GROUP runs only on the hosts of GROUP' \
    '|--hgrp||The same as --hostgroups' \
    '|--hostgroup||The same as --hostgroups' \
    '|--hostgrp||The same as --hostgroups' \
    '|--onall||With -S: run every job on every host, one host\'s jobs one at a time' \
    '|--nonall||With -S: run the command once on every host, with no items' \
    '|--launcher|any|Start every job as PREFIX\'s words, then the job\'s command' \
    '|--latest-line||Show a line per job on the terminal, redrawn with its latest output line' \
    '|--latestline||The same as --latest-line' \
    '|--ll||The same as --latest-line' \
    '|--lb||The same as --line-buffer' \
    '|--line-buffer||Output whole lines as soon as they are complete, not in input order' \
    '|--line-buffered||The same as --line-buffer' \
    '|--linebuffer||The same as --line-buffer' \
    '|--linebuffered||The same as --line-buffer' \
    '|--link||Pair the input sources up instead of combining them' \
    '|--limit|mem\ 1G load\ 4 io\ 50|Before each start run CMD: 0 starts a job, 1 none now, 2 ends the youngest' \
    '|--load|100% 200% 50%|Start a job only while fewer than N processes run on the machine' \
    '-L||any|Put N lines into each command, a word holding {} repeated for each, as -X does' \
    '-l|--max-lines||Put up to N lines (default 1) into each command, as -n does (the value is optional)' \
    '|--maxlines||The same as --max-lines (the value is optional)' \
    '-m|||Put as many items into each command as the system allows' \
    '|--xapply||The same as --link' \
    '|--xargs||The same as -m: fill each command as far as the system allows' \
    '-n|--max-args|any|Put up to N items into each command (with --worker: N items at a time; 0: none, once per item)' \
    '|--maxargs|any|The same as --max-args' \
    '-s|--max-chars|any|Run no command line (as --dry-run shows it) of N characters or more; with -X or -m, fill each command up to that' \
    '|--maxchars|any|The same as --max-chars' \
    '|--max-line-length-allowed||Print the longest command, in bytes, that a shell can be given and exit' \
    '|--maxlinelengthallowed||The same as --max-line-length-allowed' \
    '|--max-procs|any|The same as -j' \
    '|--maxprocs|any|The same as -j' \
    '|--max-record|64M 1G\tthe\ default 4G|Stop with an error at an item or --pipe record longer than SIZE (default 1G)' \
    '|--maxtasksperchild|any|With --worker: replace each worker after N items' \
    '|--memfree|256M 1G 4G|Start a job only while SIZE of memory is available' \
    '|--memsuspend|256M 1G 4G|Stop the youngest jobs while under 2 x SIZE of memory is available' \
    '-N|--max-replace-args|any|Put N items into each command, as {1} to {N}; 0: none, once per item' \
    '|--maxreplaceargs|any|The same as --max-replace-args' \
    '|--min-version|any|The same as --minversion' \
    '|--minversion|any|Print the GNU parallel version xpool follows and exit; 255 if older than VERSION' \
    '|--no-keep-order||The same as --unordered, even with -k' \
    '|--no-k||The same as --no-keep-order' \
    '|--nok||The same as --no-keep-order' \
    '|--nokeeporder||The same as --no-keep-order' \
    '|--nice|5 10 19\tthe\ lowest\ priority|Run the jobs at niceness N (-20 to 19)' \
    '|--no-pty||With --worker: never run workers on a pseudo-terminal' \
    '-r|--no-run-if-empty||Skip items (with --pipe: lines) of white space only' \
    '|--norunifempty||The same as --no-run-if-empty' \
    '|--noswap||Start a job only while the machine is not swapping both in and out' \
    '|--number-of-cores||Print the number of CPU cores and exit' \
    '|--numberofcores||The same as --number-of-cores' \
    '|--number-of-cpus||The same as --number-of-cores' \
    '|--numberofcpus||The same as --number-of-cores' \
    '|--number-of-sockets||Print the number of CPU sockets and exit' \
    '|--numberofsockets||The same as --number-of-sockets' \
    '|--number-of-threads||Print the number of CPU threads and exit' \
    '|--numberofthreads||The same as --number-of-threads' \
    '-o|--open-tty||Jobs read the terminal (/dev/tty) as their standard input' \
    '-P||any|The same as -j' \
    '|--parens|any|Write Perl expressions between the halves of STR, not {= and =}' \
    '|--pipe||Give each job a block of stdin on its stdin, whole records only (--block, -N)' \
    '|--pipe-part||Like --pipe, for the files -a names: each job reads its part straight from the file' \
    '|--pipepart||The same as --pipe-part' \
    '|--plain||Ignore the profiles (-J, ~/.parallel/config) and $PARALLEL' \
    '|--plus||More replacement strings: {##} {+/} {+.} {..} {:-STR} {#STR} {/STR/REPL} ...' \
    '|--process-slot-var|any|Set the environment variable NAME in each job to its slot less one' \
    '|--processslotvar|any|The same as --process-slot-var' \
    '-J|--profile|(command ls ~/.parallel 2>/dev/null)|Read options from ~/.parallel/NAME instead of ~/.parallel/config' \
    '|--progress||Show running, done and failed jobs on standard error' \
    '|--pty||With --worker: run the workers on a pseudo-terminal (line at a time)' \
    '-q|--quote||Pass each word of the command as one argument, never to a shell' \
    '|--recend|any|With --pipe: records end with STR (default newline; -0: NUL; empty: anywhere)' \
    '|--record-env||Write the environment\'s names to ~/.parallel/ignored_vars, and exit' \
    '|--recordenv||The same as --record-env' \
    '|--recstart|any|With --pipe: records start with STR' \
    '|--regexp||With --pipe: --recend and --recstart are regular expressions' \
    '|--regex||The same as --regexp' \
    '|--remove-rec-sep||With --pipe: remove --recend and --recstart from the blocks' \
    '|--removerecsep||The same as --remove-rec-sep' \
    '|--rrs||The same as --remove-rec-sep' \
    '|--res|file|The same as --results' \
    '|--results|file|Keep output and status: in directory NAME, or NAME.jsonl, .json, .csv, .tsv' \
    '|--result|file|The same as --results' \
    '|--resume||Skip the jobs the --joblog file already lists' \
    '|--resume-failed||Skip the jobs the --joblog file lists as succeeded; run the rest' \
    '|--resumefailed||The same as --resume-failed' \
    '|--retry-failed||With --joblog: run again the jobs the log lists as failed, with the log\'s commands' \
    '|--retryfailed||The same as --retry-failed' \
    '|--retries|any|Run a failing job up to N times in all; only the last try is shown' \
    '|--round||The same as --round-robin' \
    '|--round-robin||Start one job per slot and give each block to whichever is ready for one' \
    '|--roundrobin||The same as --round-robin' \
    '|--rpl|any|Define TAG as a replacement string that is the Perl expression PERL' \
    '|--semaphore||Work as a counting semaphore: run COMMAND once a -j slot is free (as GNU sem)' \
    '|--semaphore-name|any|With --semaphore: the semaphore\'s name (default: the terminal)' \
    '|--semaphore-timeout|any|With --semaphore: after SECS run anyway; -SECS: give up (exit 1)' \
    '|--semaphorename|any|The same as --semaphore-name' \
    '|--semaphoretimeout|any|The same as --semaphore-timeout' \
    '|--seqreplace|any|Use STR instead of {#}' \
    '|--slotreplace|any|Use STR instead of {%}' \
    '|--shell|file|The shell for commands that need one (default: the one xpool was started from)' \
    '|--shell-completion|auto bash zsh fish|Print the completion script for SHELL (auto: the shell xpool was started from) and exit' \
    '|--shellcompletion|auto bash zsh fish|The same as --shell-completion' \
    '|--show-limits||Print the longest command the system allows and the longest xpool will run (-s), then run as usual' \
    '|--showlimits||The same as --show-limits' \
    '|--shuf||Run the jobs in a random order (all input is read first)' \
    '|--shell-quote||Print each command quoted for a shell instead of running it' \
    '|--shell_quote||The same as --shell-quote' \
    '|--shellquote||The same as --shell-quote' \
    '|--silent||Print no command before it runs, even with -v' \
    '|--gnu||Accepted and does nothing but let --tollef be, as in GNU parallel' \
    '|--will-cite||Accepted and does nothing, as in GNU parallel' \
    '|--willcite||The same as --will-cite' \
    '|--nn||The same as --will-cite' \
    '|--nonotice||The same as --will-cite' \
    '|--no-notice||The same as --will-cite' \
    '|--skip-first-line||Do not use the first item of the first source (with --pipe: the first line)' \
    '|--skipfirstline||The same as --skip-first-line' \
    '|--st|any|The same as --semaphore-timeout' \
    '-t|||The same as --verbose' \
    '|--tag||Put the items and a TAB before each line a job prints' \
    '|--tagstring|any|Put STR (replacement strings work) and a TAB before each line' \
    '|--tag-string|any|The same as --tagstring' \
    '|--template|file|Before each job write FILE, replacement strings replaced, to NAME (FILE=NAME)' \
    '|--spreadstdin||The same as --pipe' \
    '|--shard|any|With --pipe: give each line to one of -j jobs by a hash of a column' \
    '|--bin|any|With --pipe: give each line to job COL modulo -j' \
    '|--tee||With --pipe: give all of standard input to every job, one job per item of :::' \
    '|--term-seq|any|The same as --termseq' \
    '|--termseq|any|How a job is ended: signals and waits in ms (default TERM,200,TERM,100,TERM,50,KILL,25)' \
    '|--timeout|any|End a job that runs longer (30s, 2m, 500ms; or P% of the median runtime)' \
    '|--tmpdir|dir|Where output past --buffer waits (default $TMPDIR, or /tmp)' \
    '|--tempdir|dir|The same as --tmpdir' \
    '|--tollef||Refused, as GNU parallel retired it, unless --gnu is given; then nothing' \
    '|--tmpl|file|The same as --template' \
    '|--total|any|The same as --total-jobs' \
    '|--total-jobs|any|There are N jobs in all, for --bar, --eta, --progress and {##}' \
    '|--totaljobs|any|The same as --total-jobs' \
    '|--trim|n\tremove\ nothing l\tleft r\tright lr\tboth\ ends|Remove blanks from the left and/or right of each item' \
    '|--tty||The same as --open-tty, and -j1 and -u unless -j or --group is given' \
    '-u|--ungroup||Let jobs write straight to the output: fastest, but lines can mix' \
    '|--unordered||Output each job as it finishes, not in input order' \
    '|--use-compress-program|command|The same as --compress-program' \
    '|--use-cores-instead-of-threads||Count CPU cores, not threads, for -j and --load' \
    '|--usecoresinsteadofthreads||The same as --use-cores-instead-of-threads' \
    '|--use-cpus-instead-of-cores||The same as --use-sockets-instead-of-threads' \
    '|--usecpusinsteadofcores||The same as --use-sockets-instead-of-threads' \
    '|--use-decompress-program|command|The same as --decompress-program' \
    '|--use-sockets-instead-of-threads||Count CPU sockets, not threads, for -j and --load' \
    '|--usesocketsinsteadofthreads||The same as --use-sockets-instead-of-threads' \
    '|--usecompressprogram|command|The same as --compress-program' \
    '|--usedecompressprogram|command|The same as --decompress-program' \
    '|--verbose||Print each command on standard error before it runs' \
    '-v|||Print each command on standard output, before its output' \
    '-V|--version||Print the version and exit' \
    '|--wait||With --semaphore: wait until every command of the semaphore has ended' \
    '|--worker||Run COMMAND once per slot and feed it items on its stdin, one result per item' \
    '-X|||Like -m, repeating the word around {} for each item'
    set -l f (string split '|' -- $spec)
    set -l args -c xpool -n '__xpool_at options value'
    test -n "$f[1]"; and set -a args -s (string sub -s 2 -- $f[1])
    test -n "$f[2]"; and set -a args -l (string sub -s 3 -- $f[2])
    switch $f[3]
        case ''
        case file
            set -a args -r -F
        case dir
            set -a args -x -a '(__fish_complete_directories)'
        case command
            set -a args -x -a '(__fish_complete_command)'
        case any
            set -a args -x
        case '*'
            set -a args -x -a $f[3]
    end
    complete $args -d $f[4]
end

# COMMAND, then its own arguments; items after ::: (often file names) and
# files after :::: are completed as files.
complete -c xpool -n '__xpool_at options command; and not __xpool_colon' -f -a '(__fish_complete_command)'
complete -c xpool -n '__xpool_at args; and not __xpool_colon' -f -a '(__xpool_command_args)'
complete -c xpool -n '__xpool_at options args ::: ::::; and __xpool_colon' -f -a '::: :::: :::+ ::::+' -d 'Input source'

# sem is xpool run as GNU parallel's sem: the same options.  This file is
# installed as sem.fish too, so that fish finds it for sem.
complete -c sem -w xpool
