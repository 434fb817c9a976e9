# check.awk -- check xpool's output against the payloads its jobs print.
#
#   awk -f check.awk -v expect=FILE [-v whole=FILE] [-v need=all]
#       [-v lines=1] [-v ordered=1] [-v joblog=FILE] OUTPUT
#
# expect: a line per job, in input order (the n-th line is job n):
#         KEY N W TRY
#   N     -1: the job prints one line, "KEY only PAD(0)"; otherwise the
#         block "KEY begin N T", then N lines "KEY I PAD(I)" (I = 1..N),
#         then "KEY end N"
#   W     PAD(I) is the first W + (7 I) % 53 characters of the pad text
#   TRY   the try whose output must be printed (T in the begin line), or 0
# whole:  the keys whose output must be there, whole: their job finished
#         writing it (one key a line)
# need=all   every job's output must be there, whole (a clean run)
# lines=1    --line-buffer: the lines of jobs may interleave, each job's in
#            its order; otherwise a job's output is one block, never mixed
#            with another's (a job that was ended may leave a block cut
#            short, but nothing of it after another job's output)
#            A job that was ended may also leave its last line cut short,
#            with the next output on the same line.
# ordered=1  the blocks begin in input order
# joblog     a --joblog file: every job with output is in it once, and one
#            it lists as succeeded has its output whole
#
# Prints one line per problem, "CATEGORY: text", CATEGORY one of loss, dup,
# mixed (cut, garbled, interleaved or out of order) or record, at most 20,
# then "summary: ..."; exits 1 when there was a problem.

function pad(key, i) {
	return substr(PADTEXT, 1, W[key] + (7 * i) % 53)
}

function show(s) {
	if (length(s) > 60)
		s = substr(s, 1, 60) "..."
	return "'" s "'"
}

function problem(cat, text) {
	nproblems++
	if (nproblems <= 20)
		print cat ": " text
}

BEGIN {
	alpha = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/"
	PADTEXT = ""
	for (k = 0; k < 18; k++)
		PADTEXT = PADTEXT alpha
	njobs = 0
	while ((getline line < expect) > 0) {
		split(line, f, " ")
		njobs++
		KEY[njobs] = f[1]
		IDX[f[1]] = njobs
		N[f[1]] = f[2] + 0
		W[f[1]] = f[3] + 0
		TRY[f[1]] = f[4] + 0
	}
	close(expect)
	if (whole != "") {
		while ((getline line < whole) > 0)
			if (line in IDX)
				MUST[line] = 1
		close(whole)
	}
	open = ""
	last = 0
	nproblems = 0
	ncut = 0
}

# expected_next(key): the line key's output must go on with.
function expected_next(key) {
	if (nexti[key] <= N[key])
		return key " " nexti[key] " " pad(key, nexti[key])
	return key " end " N[key]
}

# valid(s): s is a whole line of some job's payload.
function valid(s,   f, n, k, i) {
	n = split(s, f, " ")
	k = f[1]
	if (n < 2 || !(k in IDX))
		return 0
	if (N[k] < 0)
		return s == k " only " pad(k, 0)
	if (f[2] == "begin")
		return n == 4 && f[3] == N[k] && f[4] ~ /^[0-9]+$/
	if (f[2] == "end")
		return s == k " end " N[k]
	i = f[2] + 0
	return f[2] == i "" && i >= 1 && i <= N[k] && s == k " " i " " pad(k, i)
}

# cut(s): s begins with what a job that was ended wrote last, a line cut
# short with no newline, and goes on with the next output (or nothing).
# Marks that job cut, handles the rest; 1 when so.
function cut(s,   k, e, c, m, rest, p, sp) {
	for (k in state) {
		if (state[k] != "partial" || (k in iscut) || N[k] < 0)
			continue
		if (!lines && k != open)
			continue
		e = expected_next(k)
		m = length(e) < length(s) ? length(e) : length(s)
		for (c = 0; c < m && substr(s, c + 1, 1) == substr(e, c + 1, 1); c++)
			;
		if (c == length(e))
			c--
		for (; c >= 1; c--) {
			rest = substr(s, c + 1)
			if (rest == "" || valid(rest)) {
				iscut[k] = 1
				ncut++
				if (open == k)
					open = ""
				if (rest != "")
					handle(rest)
				return 1
			}
		}
	}
	# A one-line output (a --pipe record, a worker's answer) cut short:
	# which one, its beginning says (unless the cut is in its key).
	for (c = length(s); c >= 1; c--) {
		p = substr(s, 1, c)
		rest = substr(s, c + 1)
		if (rest != "" && !valid(rest))
			continue
		sp = index(p, " ")
		if (sp == 0) {
			if (p !~ /^[0-9.]+$/)
				continue
		} else {
			k = substr(p, 1, sp - 1)
			if (!(k in IDX) || N[k] >= 0 || (k in seen))
				continue
			e = k " only " pad(k, 0)
			if (c >= length(e) || substr(e, 1, c) != p)
				continue
			state[k] = "partial"
			iscut[k] = 1
		}
		ncut++
		if (rest != "")
			handle(rest)
		return 1
	}
	return 0
}

# garbled(s): s is no job's line, nor a cut one.
function garbled(s) {
	if (!cut(s))
		problem("mixed", "line " NR " is cut or garbled: " show(s))
}

function handle(s,   f, nf, key, kind, i) {
	nf = split(s, f, " ")
	key = f[1]
	kind = f[2]
	if (!(key in IDX)) {
		if (!cut(s))
			problem("mixed", "line " NR " is no job's output: " show(s))
		return
	}
	if (key in iscut) {
		problem("mixed", "job " key "'s output goes on after a line cut short (line " NR ")")
		return
	}
	if (N[key] < 0 || kind == "begin") {
		# The first line of a job's output: its only one, or its begin.
		if (!valid(s)) {
			garbled(s)
			return
		}
		if (++seen[key] > 1) {
			problem("dup", "job " key "'s output came again at line " NR)
			return
		}
		if (ordered && IDX[key] < last)
			problem("mixed", "job " key " came after job " KEY[last] ", out of order (line " NR ")")
		last = IDX[key]
		if (N[key] < 0) {
			state[key] = "whole"
			return
		}
		state[key] = "partial"
		nexti[key] = 1
		tried[key] = f[4]
		if (!lines)
			open = key
		return
	}
	if (kind == "end") {
		if (s != key " end " N[key]) {
			garbled(s)
			return
		}
		if (!seen[key]) {
			problem("mixed", "job " key "'s end came before its beginning (line " NR ")")
			return
		}
		if (!lines && open != key) {
			problem("mixed", "job " key "'s end came amid " (open == "" ? "no job's" : "job " open "'s") " output (line " NR ")")
			return
		}
		if (state[key] == "whole") {
			problem("dup", "job " key "'s end came again at line " NR)
			return
		}
		if (nexti[key] != N[key] + 1) {
			problem("loss", "job " key " ended after " nexti[key] - 1 " of its " N[key] " lines (line " NR ")")
			return
		}
		state[key] = "whole"
		open = ""
		return
	}
	if (!valid(s)) {
		garbled(s)
		return
	}
	i = kind + 0
	if (!seen[key]) {
		problem("mixed", "job " key "'s line " i " came before its beginning (line " NR ")")
		return
	}
	if (!lines && open != key) {
		problem("mixed", "job " key "'s line " i " came amid " (open == "" ? "no job's" : "job " open "'s") " output (line " NR ")")
		return
	}
	if (state[key] == "whole" || i < nexti[key]) {
		problem("dup", "job " key "'s line " i " came again at line " NR)
		return
	}
	if (i > nexti[key])
		problem("loss", "job " key "'s lines " nexti[key] " to " i - 1 " are missing (line " NR ")")
	nexti[key] = i + 1
}

{
	handle($0)
}

END {
	if (joblog != "") {
		while ((getline line < joblog) > 0) {
			split(line, f, "\t")
			if (f[1] == "Seq")
				continue
			s = f[1] + 0
			if (s < 1 || s > njobs) {
				problem("record", "the joblog lists a job " f[1] " that was never given")
				continue
			}
			k = KEY[s]
			if (++logged[k] > 1)
				problem("dup", "the joblog lists job " k " twice")
			if (f[7] == "0" && f[8] == "0")
				MUST[k] = 1
		}
		close(joblog)
	}
	nwhole = npartial = nabsent = 0
	for (n = 1; n <= njobs; n++) {
		k = KEY[n]
		st = (k in state) ? state[k] : "absent"
		if (st == "whole")
			nwhole++
		else if (st == "partial")
			npartial++
		else
			nabsent++
		if (need == "all" && st != "whole")
			problem("loss", "job " k "'s output is " (st == "absent" ? "missing" : "cut short") " in a clean run")
		else if ((k in MUST) && st != "whole")
			problem("loss", "job " k " finished writing, but its output is " (st == "absent" ? "missing" : "cut short"))
		if (TRY[k] > 0 && st != "absent" && tried[k] != TRY[k])
			problem("dup", "job " k ": the output of try " tried[k] " was printed, the last try was " TRY[k])
		if (joblog != "" && st != "absent" && !(k in logged))
			problem("record", "job " k " has output but no line in the joblog")
	}
	if (nproblems > 20)
		print "(" nproblems - 20 " problems more)"
	print "summary: " njobs " jobs: " nwhole " whole, " npartial " cut short (" ncut " mid-line), " nabsent " without output"
	exit nproblems > 0
}
