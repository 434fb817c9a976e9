# bash completion for xpool(1) and sem
# Installed as share/bash-completion/completions/xpool, and as .../sem.  Works with or
# without the bash-completion package; with it, the words after COMMAND are
# completed as COMMAND's own arguments.

# Every option, as in optdefs[] in src/options.c.
_xpool_opts='-0 -a -C -d -e -E -h -i -I -j -J -k -l -L -m -n -N -o -p -P -q -r -s -t -u -v -V -x -X
	--arg-file --argfile --arg-file-sep --arg-sep --argfilesep --argsep --bar
	--basenameextensionreplace --basenamereplace --block --block-size --blocksize
	--block-timeout --blocktimeout --bner --bnr --bt --buffer --cat --cf
	--chunksize --color --color-fail --color-failed --colorfail --colorfailed
	--colour --colour-fail --colour-failed --colourfail --colourfailed --colsep
	--col-sep --compress --compress-program --compressprogram --csv --ctag
	--ctag-string --ctagstring --decompress-program --decompressprogram --delay
	--delimiter --dirnamereplace --dnr --dry-run --dryrun --dr --eof --eot --er
	--eta --exit --extensionreplace --fifo --files --filter --gnu --group
	--group-by --groupby --halt --halt-on-error --haltonerror --header --help
	--init --interactive --jl --joblog --jobs --jobserver --junit --keep-order
	--keeporder --latest-line --latestline --launcher --lb --limit --line-buffer --linebuffer --line-buffered
	--linebuffered --link --ll --load --max-args --maxargs --max-chars --maxchars
	--max-line-length-allowed --maxlinelengthallowed --max-lines --maxlines
	--max-procs --maxprocs --max-record --max-replace-args --maxreplaceargs
	--maxtasksperchild --memfree --memsuspend --min-version --minversion --nice
	--no-keep-order --no-k --nok --nokeeporder --no-notice --nn --nonotice
	--no-pty --no-run-if-empty --norunifempty --noswap --null --number-of-cores
	--numberofcores --number-of-cpus --numberofcpus --number-of-sockets
	--numberofsockets --number-of-threads --numberofthreads --bin --open-tty
	--output-as-files --outputasfiles --parens --pipe --pipe-part --pipepart
	--plain --plus --process-slot-var --processslotvar --profile --progress --pty
	--quote --recend --record-env --recordenv --recstart --regexp --regex
	--remove-rec-sep --removerecsep --replace --res --results --result --resume
	--resume-failed --resumefailed --retries --retry-failed --retryfailed --round
	--round-robin --roundrobin --rpl --rrs --seqreplace --shard --shell
	--shell-completion --shellcompletion --shell-quote --shellquote --shell_quote
	--show-limits --showlimits --shuf --silent --skip-first-line --skipfirstline
	--slotreplace --spreadstdin --tag --tagstring --tag-string --tee --template
	--term-seq --termseq --timeout --tmpdir --tempdir --tollef --tmpl --total
	--total-jobs --totaljobs --trim --tty --ungroup --unordered
	--use-compress-program --use-cores-instead-of-threads
	--usecoresinsteadofthreads --use-cpus-instead-of-cores --usecpusinsteadofcores
	--use-decompress-program --use-sockets-instead-of-threads
	--usesocketsinsteadofthreads --usecompressprogram --usedecompressprogram
	--verbose --version --will-cite --willcite --worker --xapply --xargs --bg --fg
	--id --semaphore --semaphore-name --semaphore-timeout --semaphorename
	--semaphoretimeout --st --wait'
# Remote hosts.
_xpool_opts+=' -M -S --controlmaster --slf --slurm-hosts --ssh --ssh-delay --sshdelay --sshlogin --sshloginfile'
_xpool_opts+=' --basefile --bf --cleanup --env --return --rsync-opts --rsyncopts --tf --transfer --transferfile --transfer-file --transfer-files --transferfiles --trc --wd --workdir --work-dir'
_xpool_opts+=' --filter-hosts --filter-host --filterhosts --hgrp --hostgroups --hostgroup --hostgrp --nonall --onall'

# Common --halt values.
_xpool_halts='never now,fail=1 soon,fail=1 now,success=1 soon,success=1
	now,done=1 soon,done=1'

# The separators between the command and the input sources.
_xpool_seps='::: :::: :::+ ::::+'

# Put back together the words that bash split at = and : (COMP_WORDBREAKS),
# as the user typed them.  Sets _xw (the words), _xfirst (for each word, the
# index of its first entry in COMP_WORDS) and _xcword (the current word).
_xpool_words()
{
	local line=${COMP_LINE-} pos=0 i n=-1 w glued

	_xw=()
	_xfirst=()
	_xcword=0
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		glued=1
		while [[ $pos -lt ${#line} && ${line:pos:1} == [$' \t\n'] ]]; do
			((pos++))
			glued=0
		done
		# A word not found where expected (or no COMP_LINE at all, as
		# when a test calls _xpool) is a word of its own.
		if [[ -n $w && ${line:pos:${#w}} == "$w" ]]; then
			((pos += ${#w}))
		else
			glued=0
		fi
		if ((glued && n >= 0)); then
			_xw[n]+=$w
		else
			((n++))
			_xw[n]=$w
			_xfirst[n]=$i
		fi
		((i == COMP_CWORD)) && _xcword=$n
	done
}

# Set COMPREPLY to the candidates (one per line on standard input) for the
# last $1 characters of the current word, trimmed to the part after the
# last = or : that readline replaces.
_xpool_reply()
{
	local region=$1 cur=${_xw[_xcword]} t c n

	t=$cur
	[[ $COMP_WORDBREAKS == *=* ]] && t=${t##*=}
	[[ $COMP_WORDBREAKS == *:* ]] && t=${t##*:}
	n=$((region - ${#t}))
	COMPREPLY=()
	while IFS= read -r c; do
		((n > 0)) && c=${c:n}
		COMPREPLY+=("$c")
	done
}

# File names for the value $1.
_xpool_files()
{
	compopt -o filenames 2>/dev/null
	_xpool_reply "${#1}" < <(compgen -f -- "$1")
}

# Directory names for the value $1.
_xpool_dirs()
{
	compopt -o filenames 2>/dev/null
	_xpool_reply "${#1}" < <(compgen -d -- "$1")
}

# Words from the list $2 for the value $1.
_xpool_list()
{
	_xpool_reply "${#1}" < <(compgen -W "$2" -- "$1")
}

# Complete the value $2 of option $1.
_xpool_value()
{
	case $1 in
	-a | --arg-file | --argfile | --joblog | --jl | --junit | --results | --result | --res | --shell)
		# --results: a directory, or FILE.jsonl .json .csv .tsv.
		_xpool_files "$2"
		;;
	--tmpdir | --tempdir)
		_xpool_dirs "$2"
		;;
	--trim)
		_xpool_list "$2" 'n l r lr'
		;;
	--header)
		_xpool_list "$2" ': 0'
		;;
	--halt | --halt-on-error | --haltonerror)
		_xpool_list "$2" "$_xpool_halts"
		;;
	--termseq | --term-seq)
		_xpool_list "$2" 'TERM,200,TERM,100,TERM,50,KILL,25'
		;;
	--block | --block-size | --blocksize)
		_xpool_list "$2" '64K 1M 10M 100M 1G'
		;;
	--chunksize)
		_xpool_list "$2" 'auto'
		;;
	--jobserver)
		_xpool_list "$2" 'auto off'
		;;
	--load)
		_xpool_list "$2" '100% 200% 50%'
		;;
	--memfree | --memsuspend)
		_xpool_list "$2" '256M 1G 4G'
		;;
	--nice)
		_xpool_list "$2" '5 10 19'
		;;
	--max-record)
		_xpool_list "$2" '64M 1G 4G'
		;;
	--parens)
		_xpool_list "$2" '{==} ,,,, <<>>'
		;;
	--shell-completion | --shellcompletion)
		_xpool_list "$2" 'auto bash zsh fish'
		;;
	-J | --profile)
		_xpool_list "$2" "$(command ls "$HOME/.parallel" 2>/dev/null)"
		;;
	--init | --compress-program | --compressprogram | \
		--use-compress-program | --usecompressprogram | \
		--decompress-program | --decompressprogram | \
		--use-decompress-program | --usedecompressprogram)
		_xpool_reply "${#2}" < <(compgen -c -- "$2" | LC_ALL=C sort -u)
		;;
	*)
		# --arg-sep, --buffer, --colsep, --ctagstring, --delay, -d, -E,
		# --eot, -I,
		# -j, the renaming options,
		# --maxtasksperchild,
		# -n, -N, -P, --recend, --recstart, --retries, --rpl, --tagstring,
		# --timeout:
		# nothing to offer.
		COMPREPLY=()
		;;
	esac
}

# Whether option word $1 needs the next word as its value; prints the option.
_xpool_needs_value()
{
	local w=$1 k c

	case $w in
	--arg-file | --argfile | --arg-file-sep | --arg-sep | --argfilesep | --argsep | \
		--basenameextensionreplace | --basenamereplace | --bner | \
		--bnr | --dirnamereplace | --dnr | --er | --extensionreplace | \
		--seqreplace | --slotreplace | --filter | \
		--block | --block-size | --blocksize | --buffer | --chunksize | --colsep | --col-sep | \
		--ctag-string | --ctagstring | \
		--compress-program | --compressprogram | --use-compress-program | \
		--usecompressprogram | --decompress-program | \
		--decompressprogram | --use-decompress-program | \
		--usedecompressprogram | \
		--delay | --delimiter | --eot | --halt | --halt-on-error | --haltonerror | \
		--header | --init | --jl | --jobs | --joblog | --jobserver | --junit | \
		--launcher | --limit | --load | --max-args | --maxargs | --max-chars | --maxchars | --max-procs | --maxprocs | --max-record | \
		--max-replace-args | --maxreplaceargs | \
		--maxtasksperchild | --memfree | --memsuspend | --min-version | --minversion | --nice | --parens | \
		--process-slot-var | --processslotvar | --profile | --recend | --recstart | \
		--res | --results | --result | --retries | --rpl | --shell | \
		--shell-completion | --shellcompletion | --tagstring | --tag-string | \
		--template | --term-seq | --termseq | --timeout | --tmpdir | --tempdir | --tmpl | --total | \
		--total-jobs | --totaljobs | --trim | --id | \
		--semaphore-name | --semaphorename | --semaphore-timeout | \
		--semaphoretimeout | --st | --slf | --ssh | --ssh-delay | --sshdelay | --sshlogin | --sshloginfile | --env | --rsync-opts | --rsyncopts | \
		--basefile | --bf | --return | --tf | --transferfile | --transfer-file | --transfer-files | \
		--transferfiles | --trc | --wd | --workdir | --work-dir)
		printf '%s\n' "$w"
		return 0
		;;
	--*)
		return 1
		;;
	-?*)
		for ((k = 1; k < ${#w}; k++)); do
			c=${w:k:1}
			case $c in
			[aCdEIjJLnNPsS])
				((k == ${#w} - 1)) || return 1
				printf -- '-%s\n' "$c"
				return 0
				;;
			esac
		done
		;;
	esac
	return 1
}

_xpool()
{
	local _xw _xfirst _xcword
	local cur i w opt mode=opts cmd=-1 src=

	_xpool_words
	cur=${_xw[_xcword]}
	COMPREPLY=()

	# Walk the words before the current one: options, then COMMAND, then
	# ::: / :::: groups.
	for ((i = 1; i < _xcword; i++)); do
		w=${_xw[i]}
		case $mode in
		opts)
			case $w in
			--)
				mode=cmdnext
				;;
			::: | :::+)
				mode=src src=:::
				;;
			:::: | ::::+)
				mode=src src=::::
				;;
			-?*)
				_xpool_needs_value "$w" >/dev/null && ((i++))
				;;
			*)
				mode=cmd cmd=$i
				;;
			esac
			;;
		*)
			case $w in
			::: | :::+)
				mode=src src=:::
				;;
			:::: | ::::+)
				mode=src src=::::
				;;
			*)
				[[ $mode == cmdnext ]] && mode=cmd cmd=$i
				;;
			esac
			;;
		esac
	done

	case $mode in
	opts)
		if ((_xcword > 1)) && opt=$(_xpool_needs_value "${_xw[_xcword - 1]}"); then
			_xpool_value "$opt" "$cur"
		elif [[ $cur == --*=* ]]; then
			_xpool_value "${cur%%=*}" "${cur#*=}"
		elif [[ $cur == -* ]]; then
			_xpool_list "$cur" "$_xpool_opts"
		elif [[ $cur == :* ]]; then
			_xpool_list "$cur" "$_xpool_seps"
		else
			_xpool_reply "${#cur}" < <(compgen -c -- "$cur" | LC_ALL=C sort -u)
		fi
		;;
	cmdnext)
		_xpool_reply "${#cur}" < <(compgen -c -- "$cur" | LC_ALL=C sort -u)
		;;
	cmd)
		if [[ $cur == :* ]]; then
			_xpool_list "$cur" "$_xpool_seps"
		elif declare -F _comp_command_offset >/dev/null; then
			_comp_command_offset "${_xfirst[cmd]}"
		elif declare -F _command_offset >/dev/null; then
			_command_offset "${_xfirst[cmd]}"
		else
			_xpool_files "$cur"
		fi
		;;
	src)
		# Items after ::: are often file names too; after :::: they are.
		if [[ $cur == :* && $src == ::: ]] || [[ $cur == ::* ]]; then
			_xpool_list "$cur" "$_xpool_seps"
		else
			_xpool_files "$cur"
		fi
		;;
	esac
	return 0
}

complete -F _xpool xpool sem
