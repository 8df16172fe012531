#pragma once
// The bounded faces of a graph drawn in the plane with straight edges, traced from its own
// topology (the edges round each vertex in angular order), as a planar map is (de Berg et al.,
// Computational Geometry, ch. 2: the doubly-connected edge list): no noding, no polygonizer.

#include <cstdint>
#include <utility>
#include <vector>

#include "core/ids.hpp"

namespace lc {

struct PlaneFaces {
  // Face f's ring is vertex[first[f]] .. vertex[first[f + 1] - 1], counter-clockwise, open (its
  // first vertex not repeated at its end); area[f] its area (> 0).
  std::vector<std::uint32_t> first{0};
  std::vector<Id> vertex;
  std::vector<double> area;
  // Per edge of the input: the face on its left (going from its first vertex to its second) and
  // on its right, or invalid_id (the outside, a face left out, or an edge left out).
  std::vector<Id> left, right;

  std::size_t size() const { return area.size(); }
};

// The bounded faces of the graph with vertices (x[v], y[v]) and straight `edges`, whose area is
// at most `max_area`, each a simple polygon without holes, no two overlapping. Left out, so that
// this holds whatever the input: edges that meet another edge anywhere but at a shared vertex
// (crossings, touchings, overlaps; also repeated edges and loops), the trees hanging off the rest
// (dead ends; the ring round them would run out and back), faces whose ring passes a vertex twice,
// and faces that hold a part of the graph not joined to their ring (it would be a hole). What is
// left out is only not a face: every face returned is a ring of the given edges.
PlaneFaces plane_faces(const std::vector<double>& x, const std::vector<double>& y,
                       const std::vector<std::pair<Id, Id>>& edges, double max_area);

}  // namespace lc
