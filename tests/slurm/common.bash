# shellcheck shell=bash
# The Slurm tests' common part: a private single-node cluster
# (tests/slurm/cluster.sh) started once per file, on PORT when given (two
# files' clusters may run at once), and stopped at its end.  SLURM_DOWN
# says why, when the daemons cannot start here.

# slurm_setup_file [PORT]
slurm_setup_file() {
	local out
	SLURM_DIR=$(mktemp -d /tmp/xpool-slurm.XXXXXX)
	export SLURM_DIR
	if out=$(XPOOL_SLURM_PORT=${1:-${XPOOL_SLURM_PORT:-16817}} \
		"$BATS_TEST_DIRNAME/slurm/cluster.sh" start "$SLURM_DIR" 2>&1); then
		export SLURM_CONF=${out#SLURM_CONF=}
		export SLURM_DOWN=
	else
		export SLURM_DOWN=$out
		echo "# Slurm cannot run here: $out" >&3
	fi
}

slurm_teardown_file() {
	"$BATS_TEST_DIRNAME/slurm/cluster.sh" stop "$SLURM_DIR"
	rm -rf "$SLURM_DIR"
}
