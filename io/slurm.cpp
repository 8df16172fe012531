#include "io/slurm.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

#include "core/errors.hpp"
#include "io/atomic_output.hpp"

namespace lc::io {

namespace {

namespace fs = std::filesystem;

// A word for the shell, in single quotes.
std::string shell_word(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string header(const SlurmJobs& j, const std::string& name, const std::string& log) {
  std::string s = "#!/bin/bash\n#SBATCH --job-name=" + name + "\n#SBATCH --output=" + log + "\n";
  if (!j.workdir.empty()) s += "#SBATCH --chdir=" + j.workdir + "\n";
  if (!j.partition.empty()) s += "#SBATCH --partition=" + j.partition + "\n";
  if (!j.time.empty()) s += "#SBATCH --time=" + j.time + "\n";
  s += "#SBATCH --cpus-per-task=" + std::to_string(j.cpus) + "\n";
  if (j.mem_mb > 0) s += "#SBATCH --mem=" + std::to_string(j.mem_mb) + "M\n";
  return s;
}

// Runs `command`, returning its standard output; throws InputError with it when it fails.
std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) throw InputError("cannot run " + command);
  std::array<char, 4096> buf;
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), p)) > 0;) out.append(buf.data(), n);
  const int status = pclose(p);
  if (status != 0) throw InputError(command + " failed: " + out);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace

std::string shards_script(const SlurmJobs& j) {
  std::string tasks;
  for (Id k : j.shards) tasks += (tasks.empty() ? "" : ",") + std::to_string(k);
  std::string s = header(j, "lifecircle-shard", (fs::path(j.out) / "slurm" / "shard-%a.log").string());
  s += "#SBATCH --array=" + tasks + "\n";
  s += "# Shard K of the plan " + j.plan + ", K being the array task's index; its results go to " + j.out + "/shard-K.\n";
  s += "set -euo pipefail\nexec " + shell_word(j.binary);
  for (const std::string& a : j.command) s += " " + shell_word(a);
  s += " --shard " + shell_word(j.plan) + ":\"$SLURM_ARRAY_TASK_ID\"\n";
  return s;
}

std::string merge_script(const SlurmJobs& j) {
  SlurmJobs m = j;
  m.cpus = std::max(1, j.cpus);
  if (j.merge_mem_mb > 0) m.mem_mb = j.merge_mem_mb;
  std::string s = header(m, "lifecircle-merge", (fs::path(j.out) / "slurm" / "merge.log").string());
  s += "# The whole run from the shards' results, once every array task has succeeded.\n";
  s += "set -euo pipefail\nexec " + shell_word(j.binary) + " shard merge " + shell_word(j.plan) + " --out " + shell_word(j.out) + "\n";
  return s;
}

SlurmScripts write_slurm_jobs(const SlurmJobs& jobs, bool submit) {
  const fs::path dir = fs::path(jobs.out) / "slurm";
  SlurmScripts out;
  out.shards_script = (dir / "shards.sbatch").string();
  out.merge_script = (dir / "merge.sbatch").string();
  {
    AtomicOutputs files(dir);
    for (const auto& [name, text] : {std::pair<std::string, std::string>{"shards.sbatch", shards_script(jobs)},
                                     std::pair<std::string, std::string>{"merge.sbatch", merge_script(jobs)}}) {
      const fs::path temp = files.temp_for(name);
      std::ofstream f(temp, std::ios::binary);
      f << text;
      f.close();
      if (!f) throw InputError((dir / name).string() + ": cannot write the file");
      fs::permissions(temp, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add);
    }
    files.commit();
  }
  if (!submit) return out;
  out.shards_job = run("sbatch --parsable " + shell_word(out.shards_script));
  out.shards_job = out.shards_job.substr(0, out.shards_job.find(';'));  // "id;cluster"
  out.merge_job = run("sbatch --parsable --dependency=afterok:" + out.shards_job + " " + shell_word(out.merge_script));
  out.merge_job = out.merge_job.substr(0, out.merge_job.find(';'));
  return out;
}

}  // namespace lc::io
