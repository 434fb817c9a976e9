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
                    case --arg-file --buffer --colsep --delimiter --header --jobs --max-args --max-replace-args --shell --tagstring --tmpdir --trim
                        set skip 1
                    case '--*'
                    case '-?*'
                        # A cluster ending in a letter that takes a value.
                        if string match -qr -- '^-[^adIjnNP]*[adIjnNP]$' $w
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
# value is empty (no value), "file", "dir", "any", or the candidates for -a.
for spec in \
    '-0|--null||Items end with a NUL byte, not newline' \
    '-a|--arg-file|file|Read items from FILE (repeatable; - is stdin)' \
    '|--buffer|any|Hold up to SIZE of waiting output in memory, then use a temporary file' \
    '|--colsep|any|Split each item into columns {1} {2} ... at REGEX' \
    '-d|--delimiter|any|Items end with DELIM, not newline (\n \t \0 \xHH ...)' \
    '|--dry-run||Print the commands instead of running them' \
    '|--group||Keep the output of each job together (the default)' \
    '|--header|:\tthe\ first\ line\ names\ the\ columns|The first item of each source names its columns ({name})' \
    '-h|--help||Print the help and exit' \
    '-I||any|Use STR instead of {} for the item' \
    '-j|--jobs|any|Run N jobs at once: N, +N, -N, N% of the CPUs, or 0' \
    '-k|--keep-order||Output in input order (the default)' \
    '|--lb||The same as --line-buffer' \
    '|--line-buffer||Output whole lines as soon as they are complete, not in input order' \
    '|--link||Pair the input sources up instead of combining them' \
    '-m|||Put as many items into each command as the system allows' \
    '-n|--max-args|any|Put up to N items into each command' \
    '-N|--max-replace-args|any|Put N items into each command, as {1} to {N}' \
    '-r|--no-run-if-empty||Run nothing for empty input (always so; for xargs users)' \
    '-P||any|The same as -j' \
    '-q|--quote||Pass each word of the command as one argument, never to a shell' \
    '|--shell|file|The shell for commands that need one (default /bin/sh)' \
    '|--tag||Put the items and a TAB before each line a job prints' \
    '|--tagstring|any|Put STR (replacement strings work) and a TAB before each line' \
    '|--tmpdir|dir|Where output past --buffer waits (default $TMPDIR, or /tmp)' \
    '|--trim|n\tremove\ nothing l\tleft r\tright lr\tboth\ ends|Remove blanks from the left and/or right of each item' \
    '-u|--ungroup||Let jobs write straight to the output: fastest, but lines can mix' \
    '|--unordered||Output each job as it finishes, not in input order' \
    '-v|--verbose||Print each command on standard error before it runs' \
    '-V|--version||Print the version and exit' \
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
