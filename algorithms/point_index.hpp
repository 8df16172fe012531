#pragma once
// A KD-tree over a subset of planar points, read in place from x/y arrays (nanoflann 1.4).
// Immutable after construction; queries are const and safe from many threads.

#include <cmath>
#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

#include <nanoflann.hpp>

#include "core/ids.hpp"

namespace lc {

class PointIndex {
 public:
  // Indexes points (x[ids[k]], y[ids[k]]) for k in [0, ids.size()). The subset's coordinates are
  // packed into the index (16 bytes a point) so that leaf scans read contiguous memory.
  PointIndex(const std::vector<double>& x, const std::vector<double>& y, std::vector<Id> ids);
  PointIndex(const PointIndex&) = delete;  // the tree refers to cloud_
  PointIndex& operator=(const PointIndex&) = delete;

  std::size_t size() const { return cloud_.ids.size(); }
  // The point id behind local index `k`.
  Id id(std::size_t k) const { return cloud_.ids[k]; }

  // Calls `on_hit(local_index, dist_sq)` for every point within sqrt(radius_sq) of (qx, qy),
  // in no particular order. No allocation.
  template <typename OnHit>
  void for_each_within(double qx, double qy, double radius_sq, OnHit&& on_hit) const;

  // Local index and squared distance of the nearest point; returns false when the index is empty.
  bool nearest(double qx, double qy, std::size_t& local_index, double& dist_sq) const;

 private:
  struct Cloud {
    std::vector<Id> ids;
    std::vector<double> xy;  // x0, y0, x1, y1, ...
    std::size_t kdtree_get_point_count() const { return ids.size(); }
    double kdtree_get_pt(std::size_t k, std::size_t dim) const { return xy[2 * k + dim]; }
    template <class BBox>
    bool kdtree_get_bbox(BBox&) const { return false; }
  };
  using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud>, Cloud, 2,
                                                   std::size_t>;

  template <typename OnHit>
  struct CallbackResultSet {
    using DistanceType = double;
    using IndexType = std::size_t;
    double radius_sq;
    OnHit* on_hit;
    void init() {}
    void clear() {}
    std::size_t size() const { return 0; }
    bool full() const { return true; }
    double worstDist() const { return radius_sq; }
    bool addPoint(double dist_sq, std::size_t k) {
      if (dist_sq < radius_sq) (*on_hit)(k, dist_sq);
      return true;
    }
  };

  Cloud cloud_;
  std::unique_ptr<Tree> tree_;
};

template <typename OnHit>
void PointIndex::for_each_within(double qx, double qy, double radius_sq, OnHit&& on_hit) const {
  if (cloud_.ids.empty()) return;
  // nanoflann compares with `<` against worstDist(); nudge so that points exactly on the circle count.
  CallbackResultSet<std::remove_reference_t<OnHit>> rs{std::nextafter(radius_sq, INFINITY), &on_hit};
  const double q[2] = {qx, qy};
  tree_->findNeighbors(rs, q, nanoflann::SearchParams(32, 0.0f, false));
}

}  // namespace lc
