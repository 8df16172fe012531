#include "api/map.hpp"

#include "core/errors.hpp"

namespace lc::api {

io::PrintMap map(const MapRequest& request) {
  if (request.print.out_path.empty()) throw UsageError("map: give --out map.png (or .svg, .pdf)");
  return io::write_print_map(request.run_dir, request.print);
}

io::HtmlMap html_map(const HtmlMapRequest& request) {
  if (request.html.out_path.empty()) throw UsageError("map: give --html map.html");
  return io::write_html_map(request.run_dir, request.html);
}

}  // namespace lc::api
