# Shared by the evaluation scripts (source it after setting $out and $script, the name used in messages).
# run LOG CMD...: runs a tool with its stderr kept in $out/LOG.err (warnings such as repaired UTF-8 are
# expected on the evaluation corpora); on failure shows that log and stops.
run() {
  local log=$1
  shift
  if ! "$@" 2>"$out/$log.err"; then
    echo "$script: failed: $*" >&2
    cat "$out/$log.err" >&2
    exit 2
  fi
}
