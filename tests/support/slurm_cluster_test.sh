#!/usr/bin/env bash
# The throwaway Slurm cluster of slurm_cluster.sh, checked for real: a job array whose tasks each
# write their index, an afterok job that runs only once every task succeeded, an array with one
# failing task (which task failed is read back, and its afterok dependents never run), resource
# requests (--mem, --cpus-per-task) granted and an impossible one refused, and nothing left
# behind (no process, no file) once the cluster is stopped.
set -euo pipefail
. "$(dirname "$0")/slurm_cluster.sh" lifecircle-slurm

fail() {
  echo "FAIL: $*" >&2
  slurm_logs >&2
  exit 1
}
expect() { # what, expected, actual
  [ "$2" = "$3" ] || fail "$1: expected
$2
got
$3"
}
cd "$tmp"   # the jobs' working folder
mkdir out

# 1. An array of four tasks, each writing its index (and the resources it was given), and a job
#    concatenating their files, which may start only once every task has succeeded (afterok).
a=$(sbatch --parsable --job-name=write --array=0-3 --mem=100M --cpus-per-task=1 -o 'out/a_%a.log' \
  --wrap 'echo "$SLURM_ARRAY_TASK_ID" >"out/a_$SLURM_ARRAY_TASK_ID.txt"
          echo "mem=$SLURM_MEM_PER_NODE cpus=$SLURM_CPUS_PER_TASK" >"out/a_$SLURM_ARRAY_TASK_ID.res"')
b=$(sbatch --parsable --job-name=concat --dependency="afterok:$a" -o out/b.log \
  --wrap 'cat out/a_0.txt out/a_1.txt out/a_2.txt out/a_3.txt >out/all.txt')
states=$(slurm_wait_job "$a" 60) || fail "array $a did not finish"
expect "states of array $a" "0 COMPLETED 0:0
1 COMPLETED 0:0
2 COMPLETED 0:0
3 COMPLETED 0:0" "$states"
expect "memory granted to the tasks of array $a" "0 100M
1 100M
2 100M
3 100M" "$(slurm_job_field "$a" MinMemoryNode)"
expect "CPUs per task granted to the tasks of array $a" "0 1
1 1
2 1
3 1" "$(slurm_job_field "$a" CPUs/Task)"
for i in 0 1 2 3; do
  expect "out/a_$i.txt" "$i" "$(cat "out/a_$i.txt")"
  expect "out/a_$i.res" "mem=100 cpus=1" "$(cat "out/a_$i.res")"
done
states=$(slurm_wait_job "$b" 60) || fail "job $b did not finish"
expect "state of the afterok job $b" "- COMPLETED 0:0" "$states"
expect "out/all.txt" "$(printf '0\n1\n2\n3')" "$(cat out/all.txt)"
# It started no earlier than the last task ended (ISO times, compared as text, from jobcomp.txt).
b_start=$(grep "^JobId=$b " jobcomp.txt | sed 's/.* StartTime=\([^ ]*\) .*/\1/')
a_end=$(grep " ArrayJobId=$a " jobcomp.txt | sed 's/.* EndTime=\([^ ]*\) .*/\1/' | sort | tail -n 1)
[[ ! $b_start < $a_end ]] || fail "job $b started at $b_start, before array $a ended at $a_end"

# 2. An array whose task 2 fails, and two afterok dependents that never run: one stays pending
#    with DependencyNeverSatisfied (until cancelled), Slurm cancels the other itself.
c=$(sbatch --parsable --job-name=fails --array=0-3 -o 'out/c_%a.log' \
  --wrap '[ "$SLURM_ARRAY_TASK_ID" != 2 ] || exit 1; touch "out/c_$SLURM_ARRAY_TASK_ID.ok"')
d=$(sbatch --parsable --job-name=never --dependency="afterok:$c" -o out/d.log --wrap 'touch out/d_ran')
e=$(sbatch --parsable --job-name=killed --dependency="afterok:$c" --kill-on-invalid-dep=yes \
  -o out/e.log --wrap 'touch out/e_ran')
states=$(slurm_wait_job "$c" 60) || fail "array $c did not finish"
expect "states of array $c" "0 COMPLETED 0:0
1 COMPLETED 0:0
2 FAILED 1:0
3 COMPLETED 0:0" "$states"
expect "failed tasks of array $c" 2 "$(awk '$2 != "COMPLETED" { print $1 }' <<<"$states")"
t0=$SECONDS
until [ "$(squeue -h -j "$d" -o '%t %r')" = "PD DependencyNeverSatisfied" ]; do
  [ $((SECONDS - t0)) -lt 30 ] ||
    fail "job $d not pending with DependencyNeverSatisfied: $(squeue -h -j "$d" -o '%t %r')"
  sleep 0.2
done
scancel "$d"
states=$(slurm_wait_job "$d" 30) || fail "job $d did not leave the queue"
expect "state of the cancelled job $d" "- CANCELLED 0:0" "$states"
states=$(slurm_wait_job "$e" 30) || fail "job $e was not cancelled"
expect "state of job $e (--kill-on-invalid-dep=yes)" "- CANCELLED 0:0" "$states"
if [ -e out/d_ran ] || [ -e out/e_ran ]; then fail "a job depending on the failed array ran"; fi
if [ -e out/c_2.ok ] || [ ! -e out/c_3.ok ]; then fail "array $c: other tasks went through than expected"; fi

# 3. A request that no node can satisfy is refused at submission.
if sbatch --parsable --mem=100000000M --wrap true >out/too_big.log 2>&1; then
  fail "sbatch accepted --mem=100000000M"
fi
grep -q 'Requested node configuration is not available' out/too_big.log ||
  fail "unexpected refusal: $(cat out/too_big.log)"

# 4. Stopped: no process and no file left.
cd /
slurm_stop
[ ! -e "$tmp" ] || fail "$tmp still exists"
left=$(_slurm_kill_leftovers 0)
[ -z "$left" ] || fail "processes left behind: $(ps -o pid,args -p "${left// /,}")"
if pgrep -f "$tmp" >/dev/null; then fail "processes left behind: $(pgrep -af "$tmp")"; fi
echo "slurm cluster: arrays, dependencies, failures and resources as expected"
