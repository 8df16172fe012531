#include "api/map.hpp"

#include "core/errors.hpp"

namespace lc::api {

io::PrintMap map(const MapRequest& request) {
  if (request.print.out_path.empty()) throw UsageError("map: give --out map.png (or .svg, .pdf)");
  return io::write_print_map(request.run_dir, request.print);
}

}  // namespace lc::api
