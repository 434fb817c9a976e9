# fish completion for sem, xpool run as GNU parallel's sem.
# Installed as share/fish/vendor_completions.d/sem.fish.
complete -c sem -w xpool
