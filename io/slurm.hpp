#pragma once
// Running a split run as Slurm jobs (`lifecircle shard slurm`): one job array whose task K runs
// shard K of the plan, and a merge job that starts only when every task succeeded
// (--dependency=afterok). Writes the two batch scripts; submits them with sbatch when asked.

#include <string>
#include <vector>

#include "core/ids.hpp"

namespace lc::io {

struct SlurmJobs {
  std::string binary;                 // the lifecircle binary the jobs run (an absolute path)
  std::string plan;                   // the plan's folder
  std::vector<std::string> command;   // the run: "coverage" and its arguments, with --out
  std::string out;                    // the run's folder (its --out), absolute
  std::string workdir;                // where the jobs run: the command's relative paths are from it
  std::vector<Id> shards;             // the array's tasks (all, or --only)
  int cpus = 1;                       // per task
  long mem_mb = 0;                    // per task
  long merge_mem_mb = 0;              // for the merge job (it loads the whole run); 0: mem_mb
  std::string time;                   // per task, e.g. "01:00:00"; empty: the partition's limit
  std::string partition;              // empty: the default partition
};

struct SlurmScripts {
  std::string shards_script, merge_script;  // their paths (OUT/slurm/shards.sbatch, merge.sbatch)
  std::string shards_job, merge_job;        // their job ids when submitted
};

// The text of the two scripts.
std::string shards_script(const SlurmJobs& jobs);
std::string merge_script(const SlurmJobs& jobs);

// Writes both under OUT/slurm/ (executable); with `submit`, submits the array with `sbatch
// --parsable` and the merge with --dependency=afterok on it. Throws InputError with sbatch's
// message when a submission fails.
SlurmScripts write_slurm_jobs(const SlurmJobs& jobs, bool submit);

}  // namespace lc::io
