# Sourced by the Slurm tests: starts a throwaway single-node Slurm cluster in a fresh temporary
# folder, stopped and removed when the script exits (normally, on failure, or on INT/TERM/HUP).
#
# What it starts, as root, with every file in $tmp and no system service or file used:
#   munged     with its own key ($tmp/munge/munge.key, 0400) and its socket, pid, log and seed
#              files in $tmp/munge/.
#   slurmctld  and slurmd, with `-f $tmp/slurm.conf`: cluster "lifecircle", one node (this host,
#              NodeAddr=127.0.0.1, CPUs and RealMemory as `slurmd -C` detects them) in partition
#              "debug"; select/cons_tres with CR_Core_Memory (--mem and --cpus-per-task are
#              honoured), proctrack/linuxproc and task/none (no cgroups), sched/builtin, no
#              accounting database (so no sacct) but jobcomp/filetxt into $tmp/jobcomp.txt (final
#              state and exit code of every job and array task); AuthInfo points at our munged.
#              SlurmctldPort and SlurmdPort are picked among free ports, and the daemons bind to
#              127.0.0.1 only when the host name resolves there (else to every address).
# SLURM_CONF is exported, so sbatch, squeue, scontrol and scancel reach this cluster; jobs
# inherit it and run as root, in the submitting shell's folder unless told otherwise.
#
# How it is stopped (slurm_stop, run by the EXIT trap; a test may call it before): jobs cancelled;
# slurmd, slurmctld and munged sent SIGTERM through their pid files (SIGKILL after 5 s); every
# process left whose command line contains $tmp or whose environment holds
# SLURM_CONF=$tmp/slurm.conf (job steps, job scripts) killed; $tmp removed. A watchdog detached
# from the test's process tree does the same if the test dies without its trap (SIGKILL, e.g.
# from a CTest timeout). Bash runs the INT/TERM trap only once the current foreground command
# has ended, so a test should not wait on one long command.
#
# Skips: without slurm-wlm and munge installed, or when not root, it prints why and exits 77
# (CTest's SKIP_RETURN_CODE); so does a cluster that does not come up, after printing the
# daemons' logs. LIFECIRCLE_SLURM_REQUIRED=1 turns every such skip into a failure (exit 1).
#
# Usage: . tests/support/slurm_cluster.sh PREFIX
# Sets $tmp (the folder, free for the test's files too), $SLURM_CONF and $slurm_node, and defines:
#   slurm_wait_job JOBID [TIMEOUT]  waits (default 60 s) until the job, and every task of an
#                                   array, has left the queue, then prints the final states as
#                                   slurm_job_states does; returns 1 on timeout
#   slurm_job_states JOBID          from $tmp/jobcomp.txt, one line per finished job or array
#                                   task, sorted by task: "TASK STATE EXITCODE", e.g.
#                                   "2 FAILED 1:0" (TASK is - for a job that is not an array)
#   slurm_job_field JOBID FIELD     "TASK VALUE" lines, sorted by task, of a field of
#                                   `scontrol show job` (JobState, Reason, MinMemoryNode, ...)
#                                   while slurmctld still knows the job (MinJobAge, 300 s)
#   slurm_logs                      prints the daemons' logs (for a failure message)
#   slurm_stop                      stops everything and removes $tmp

# --- stopping (also what the watchdog runs) ----------------------------------------------------

# Kills (signal $1) every process, other than this shell, whose command line names $tmp or
# whose environment holds SLURM_CONF=$tmp/slurm.conf; prints their pids. Builtins only, so that
# no child of this shell, which has the same environment, is caught.
_slurm_kill_leftovers() {
  local - sig=$1 p pid e hit found=()
  set +e
  [ -n "${tmp:-}" ] || return 1   # an empty pattern would match every process
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] && continue
    hit=
    while IFS= read -r -d '' e; do
      if [[ $e == "$tmp" || $e == *"$tmp/"* ]]; then hit=1; break; fi
    done 2>/dev/null <"$p/cmdline"
    if [ -z "$hit" ]; then
      while IFS= read -r -d '' e; do
        if [ "$e" = "SLURM_CONF=$tmp/slurm.conf" ]; then hit=1; break; fi
      done 2>/dev/null <"$p/environ"
    fi
    if [ -n "$hit" ] && kill "-$sig" "$pid" 2>/dev/null; then found+=("$pid"); fi
  done
  echo "${found[@]}"
}

# Waits up to $1 tenths of a second until none of the pids that follow is alive.
_slurm_wait_gone() {
  local n=$1 pid alive
  shift
  while :; do
    alive=
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1 && break; done
    [ -z "$alive" ] || [ "$n" -le 0 ] && break
    n=$((n - 1))
    sleep 0.1
  done
}

slurm_stop() {
  local - f pid pids=() left
  set +e   # whatever fails here, the rest still has to be done (and the caller may use set -e)
  [ -n "${tmp:-}" ] && [ -d "$tmp" ] || return 0
  # The watchdog first, so that it does not stop the cluster a second time meanwhile.
  if [ -s "$tmp/run/watchdog.pid" ] && [ "$(cat "$tmp/run/watchdog.pid")" != "$$" ]; then
    kill -KILL "$(cat "$tmp/run/watchdog.pid")" 2>/dev/null
  fi
  # Jobs cancelled while slurmctld and slurmd still run, so that their steps end their tasks.
  if [ -s "$tmp/run/slurmctld.pid" ] && [ -S "$tmp/munge/munge.socket" ]; then
    SLURM_CONF=$tmp/slurm.conf timeout 5 scancel --quiet --user=root >/dev/null 2>&1
  fi
  # All three at once: none needs another to shut down, and each takes a second or two.
  for f in run/slurmd run/slurmctld munge/munged; do
    pid=$(cat "$tmp/$f.pid" 2>/dev/null) && kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
  done
  _slurm_wait_gone 50 "${pids[@]}"
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  # Whatever is left (job steps, job scripts, a daemon that ignored TERM).
  left=$(_slurm_kill_leftovers KILL)
  # shellcheck disable=SC2086
  _slurm_wait_gone 50 "${pids[@]}" $left
  rm -rf "$tmp"
}

# Run as `bash slurm_cluster.sh --watch PID STARTTIME TMP` (by the sourced part below): waits
# until process PID (started at STARTTIME, field 22 of its stat) is gone, then stops the cluster
# in TMP unless the trap has already done so.
_slurm_starttime() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*) }   # the fields after the command name, which may contain spaces
  # shellcheck disable=SC2086
  set -- $s
  echo "${20}"
}
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  if [ "${1:-}" = --watch ] && [ $# -eq 4 ]; then
    unset SLURM_CONF
    tmp=$4
    echo "$$" >"$tmp/run/watchdog.pid"
    while [ -d "$tmp" ] && [ "$(_slurm_starttime "$2")" = "$3" ]; do sleep 1; done
    slurm_stop
    exit 0
  fi
  echo "usage: . ${BASH_SOURCE[0]} PREFIX (sourced by a test)" >&2
  exit 2
fi

# --- starting ----------------------------------------------------------------------------------

_slurm_skip() {
  echo "slurm_cluster.sh: $*" >&2
  if [ "${LIFECIRCLE_SLURM_REQUIRED:-0}" = 1 ]; then
    echo "slurm_cluster.sh: LIFECIRCLE_SLURM_REQUIRED=1, so this is a failure, not a skip" >&2
    exit 1
  fi
  echo "slurm_cluster.sh: skipping (exit 77)" >&2
  exit 77
}
for _slurm_cmd in munged munge unmunge slurmctld slurmd sbatch squeue sinfo scontrol scancel; do
  command -v "$_slurm_cmd" >/dev/null ||
    _slurm_skip "$_slurm_cmd not found (install the Debian packages slurm-wlm and munge)"
done
[ "$(id -u)" -eq 0 ] || _slurm_skip "slurmd must run as root, and this is uid $(id -u)"

# A free TCP port in 20000-32767 (below Linux's default ephemeral range), not listening nor in
# use on any address according to /proc/net/tcp{,6}, and not one of the arguments.
_slurm_free_port() {
  local used=" $* " line port
  while read -r _ line _; do
    [[ $line == *:* ]] && used+=" $((16#${line##*:})) "
  done < <(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null)
  while :; do
    port=$((20000 + RANDOM % 12768))
    [[ $used == *" $port "* ]] || break
  done
  echo "$port"
}

tmp=$(mktemp -d "/tmp/${1:-lifecircle-slurm}.XXXXXX")
chmod 755 "$tmp"   # munged wants every folder above its socket searchable by all
mkdir -m 755 "$tmp/munge" "$tmp/run" "$tmp/log" "$tmp/state" "$tmp/spool"
export SLURM_CONF=$tmp/slurm.conf
trap slurm_stop EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
( setsid bash "${BASH_SOURCE[0]}" --watch "$$" "$(_slurm_starttime $$)" "$tmp" </dev/null >/dev/null 2>&1 & )

slurm_logs() {
  local - f
  set +e
  for f in "$tmp/munge/munged.log" "$tmp/log/slurmctld.log" "$tmp/log/slurmd.log"; do
    echo "----- $f"
    tail -n 40 "$f" 2>/dev/null
  done
  return 0
}

# munged: key 0400 owned by the user running it (root), in a folder not writable by others.
if command -v mungekey >/dev/null; then
  mungekey --create --keyfile="$tmp/munge/munge.key" >/dev/null 2>&1 || true
fi
[ -s "$tmp/munge/munge.key" ] ||
  dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1 count=1024 status=none
chmod 400 "$tmp/munge/munge.key"
if ! munged --force --socket="$tmp/munge/munge.socket" --key-file="$tmp/munge/munge.key" \
  --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munge/munged.log" \
  --seed-file="$tmp/munge/munged.seed" >"$tmp/munge/munged.out" 2>&1 ||
  ! munge -n -S "$tmp/munge/munge.socket" | unmunge -S "$tmp/munge/munge.socket" >/dev/null 2>&1; then
  cat "$tmp/munge/munged.out" >&2
  slurm_logs >&2
  _slurm_skip "munged did not start"
fi

slurm_node=$(hostname -s)
_slurm_hw=$(slurmd -C | head -n 1)   # NodeName=... CPUs=... Boards=... ... RealMemory=...
# NoInAddrAny binds to the address the host name resolves to: used when that is a loopback one.
_slurm_bind='# the host name does not resolve to 127.0.0.0/8: daemons bind to every address'
case $(getent ahostsv4 "$(hostname)" 2>/dev/null | head -n 1) in
  127.*) _slurm_bind=CommunicationParameters=NoInAddrAny,NoCtldInAddrAny ;;
esac
_slurm_ctld_port=$(_slurm_free_port)
_slurm_d_port=$(_slurm_free_port "$_slurm_ctld_port")
: >"$tmp/plugstack.conf"   # empty: no SPANK plugin of the system's /etc/slurm/plugstack.conf
cat >"$SLURM_CONF" <<CONF
# Throwaway single-node cluster of tests/support/slurm_cluster.sh; everything in $tmp.
ClusterName=lifecircle
SlurmctldHost=$slurm_node(127.0.0.1)
SlurmctldPort=$_slurm_ctld_port
SlurmdPort=$_slurm_d_port
$_slurm_bind
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/munge.socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig=$tmp/plugstack.conf
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$tmp/jobcomp.txt
# Jobs scheduled as soon as they are submitted or freed (not up to 3 s later, the default).
SchedulerType=sched/builtin
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# A job without --mem would otherwise be given all of the node's memory, and run alone.
DefMemPerCPU=100
ReturnToService=2
MailProg=/bin/true
${_slurm_hw%%RealMemory=*}RealMemory=${_slurm_hw##*RealMemory=} NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF

if ! slurmctld -f "$SLURM_CONF" >"$tmp/log/slurmctld.out" 2>&1 ||
  ! slurmd -f "$SLURM_CONF" >"$tmp/log/slurmd.out" 2>&1; then
  cat "$tmp/log/slurmctld.out" "$tmp/log/slurmd.out" >&2
  slurm_logs >&2
  _slurm_skip "slurmctld or slurmd did not start"
fi
_slurm_t0=$SECONDS
until [ "$(sinfo -h -n "$slurm_node" -o %T 2>/dev/null)" = idle ]; do
  if [ $((SECONDS - _slurm_t0)) -ge 30 ]; then
    sinfo -N -l >&2
    slurm_logs >&2
    _slurm_skip "node $slurm_node not idle 30 s after slurmctld and slurmd were started"
  fi
  sleep 0.2
done

slurm_job_states() {
  local - id=$1 line f task state code out=()
  set +e
  [ -f "$tmp/jobcomp.txt" ] || return 0
  while IFS= read -r line; do
    task=- state='' code=''
    for f in $line; do
      case $f in
        JobState=*) state=${f#JobState=} ;;
        ExitCode=*) code=${f#ExitCode=} ;;
        ArrayTaskId=*) task=${f#ArrayTaskId=} ;;
      esac
    done
    if [[ " $line " == *" ArrayJobId=$id "* ]] || { [[ $line == "JobId=$id "* ]] && [ "$task" = - ]; }; then
      out+=("$task $state $code")
    fi
  done <"$tmp/jobcomp.txt"
  [ ${#out[@]} -eq 0 ] || printf '%s\n' "${out[@]}" | sort -n
}

slurm_job_field() {
  local - line f task value out=()
  set +e
  while IFS= read -r line; do
    task=- value=''
    for f in $line; do
      case $f in
        ArrayTaskId=*) task=${f#ArrayTaskId=} ;;
        "$2"=*) value=${f#"$2"=} ;;
      esac
    done
    out+=("$task $value")
  done < <(scontrol -o show job "$1" 2>/dev/null)
  [ ${#out[@]} -eq 0 ] || printf '%s\n' "${out[@]}" | sort -n
}

slurm_wait_job() {
  local - id=$1 timeout=${2:-60} t0=$SECONDS out
  set +e
  while :; do
    # squeue lists only jobs not finished; a job forgotten by slurmctld (MinJobAge) is invalid.
    if out=$(squeue -h -j "$id" -o %i 2>&1); then
      [ -z "$out" ] && break
    elif [[ $out == *"Invalid job id"* ]]; then
      break
    fi
    if [ $((SECONDS - t0)) -ge "$timeout" ]; then
      echo "slurm_wait_job: job $id still in the queue after ${timeout} s:" >&2
      squeue -j "$id" >&2
      scontrol show job "$id" >&2
      return 1
    fi
    sleep 0.2
  done
  slurm_job_states "$id"
}
