#include "algorithms/point_index.hpp"

namespace lc {

PointIndex::PointIndex(const std::vector<double>& x, const std::vector<double>& y, std::vector<Id> ids)
    : cloud_{std::move(ids), {}} {
  cloud_.xy.reserve(2 * cloud_.ids.size());
  for (Id id : cloud_.ids) {
    cloud_.xy.push_back(x[id]);
    cloud_.xy.push_back(y[id]);
  }
  // The constructor builds the tree.
  tree_ = std::make_unique<Tree>(2, cloud_, nanoflann::KDTreeSingleIndexAdaptorParams(32));
}

bool PointIndex::nearest(double qx, double qy, std::size_t& local_index, double& dist_sq) const {
  if (cloud_.ids.empty()) return false;
  const double q[2] = {qx, qy};
  nanoflann::KNNResultSet<double, std::size_t> rs(1);
  rs.init(&local_index, &dist_sq);
  tree_->findNeighbors(rs, q, nanoflann::SearchParams(32, 0.0f, false));
  return rs.size() == 1;
}

}  // namespace lc
