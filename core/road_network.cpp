#include "core/road_network.hpp"

namespace lc {

void RoadLines::add_line(const std::vector<double>& xy, float speed, bool fwd, bool bwd, std::string id) {
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
    x_m.push_back(xy[i]);
    y_m.push_back(xy[i + 1]);
  }
  first_point.push_back(static_cast<Id>(x_m.size()));
  speed_mps.push_back(speed);
  forward.push_back(fwd ? 1 : 0);
  backward.push_back(bwd ? 1 : 0);
  source_id.push_back(std::move(id));
}

}  // namespace lc
