#pragma once
// Writing an `access` run: demand (<category>_<measure> per point), facilities (what each serves),
// districts (per district figures, when the run has districts), summary.json, and in a folder
// report.md and report.html (tables and the Lorenz curves as a chart).

#include <string>

#include "core/access_run.hpp"
#include "core/lang.hpp"
#include "io/write_options.hpp"

namespace lc::io {

// The name of a category's per-point column: "health_e2sfca", "fitness_proximity".
std::string access_column(const std::string& category, AccessKind measure);

// The summary as JSON text (also what summary.json holds, without the timings and outputs).
std::string access_summary_json(const AccessRun& run);

// report.md of the run; `lang` zh: in Chinese (headings, the categories' planning terms, counts in
// 万 in tables).
std::string access_report_markdown(const AccessRun& run, Lang lang = Lang::en);

// report.html of the run: self-contained (no script, no external file), the Lorenz curves drawn
// as inline SVG.
std::string access_report_html(const AccessRun& run, Lang lang = Lang::en);

// Writes the outputs into `out_dir` (a folder, created when missing, or a PG: connection string;
// reports only in a folder), all or nothing. Throws InputError when an output cannot be written.
void write_access_outputs(const std::string& out_dir, const AccessRun& run, const OutputOptions& options = {},
                          Lang lang = Lang::en);

}  // namespace lc::io
