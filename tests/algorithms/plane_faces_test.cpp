#include "algorithms/plane_faces.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace lc {
namespace {

// A drawing: vertices added by coordinates, edges by vertex ids.
struct Drawing {
  std::vector<double> x, y;
  std::vector<std::pair<Id, Id>> edges;
  Id at(double px, double py) {
    for (Id v = 0; v < x.size(); ++v)
      if (x[v] == px && y[v] == py) return v;
    x.push_back(px), y.push_back(py);
    return static_cast<Id>(x.size() - 1);
  }
  void line(double x0, double y0, double x1, double y1) { edges.emplace_back(at(x0, y0), at(x1, y1)); }
  // The axis-parallel square [x0, x0 + s] x [y0, y0 + s], as four edges.
  void square(double x0, double y0, double s) {
    line(x0, y0, x0 + s, y0), line(x0 + s, y0, x0 + s, y0 + s), line(x0 + s, y0 + s, x0, y0 + s), line(x0, y0 + s, x0, y0);
  }
  PlaneFaces faces(double max_area = 1e18) const { return plane_faces(x, y, edges, max_area); }
};

std::vector<double> sorted_areas(const PlaneFaces& f) {
  std::vector<double> a = f.area;
  std::sort(a.begin(), a.end());
  return a;
}

// Twice the signed area of face f's ring, from its vertices (shoelace), for the orientation.
double twice_signed_area(const PlaneFaces& f, std::size_t k, const Drawing& d) {
  double s = 0;
  for (std::uint32_t i = f.first[k]; i < f.first[k + 1]; ++i) {
    const Id a = f.vertex[i], b = f.vertex[i + 1 < f.first[k + 1] ? i + 1 : f.first[k]];
    s += d.x[a] * d.y[b] - d.x[b] * d.y[a];
  }
  return s;
}

// A 3 x 3 grid of crossings 10 apart: four blocks of 100, counter-clockwise, each outer edge
// with a block on one side only and each inner edge with one on both.
TEST(PlaneFaces, GridOfFourBlocks) {
  Drawing d;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 2; ++j) {
      d.line(10.0 * j, 10.0 * i, 10.0 * (j + 1), 10.0 * i);  // along x
      d.line(10.0 * i, 10.0 * j, 10.0 * i, 10.0 * (j + 1));  // along y
    }
  const PlaneFaces f = d.faces();
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(sorted_areas(f), (std::vector<double>{100, 100, 100, 100}));
  for (std::size_t k = 0; k < f.size(); ++k) {
    EXPECT_EQ(f.first[k + 1] - f.first[k], 4u);
    EXPECT_DOUBLE_EQ(twice_signed_area(f, k, d), 200.0);
  }
  int one_side = 0, both = 0;
  for (std::size_t e = 0; e < d.edges.size(); ++e) {
    const int sides = (f.left[e] != invalid_id) + (f.right[e] != invalid_id);
    one_side += sides == 1, both += sides == 2;
    EXPECT_GE(sides, 1);
  }
  EXPECT_EQ(one_side, 8);
  EXPECT_EQ(both, 4);
  // The edge (0,0)-(10,0) runs along the bottom: the block lies on its left.
  EXPECT_NE(f.left[0], invalid_id);
  EXPECT_EQ(f.right[0], invalid_id);
  // Blocks larger than allowed are left out.
  EXPECT_EQ(d.faces(99.0).size(), 0u);
  EXPECT_EQ(d.faces(100.0).size(), 4u);
}

// A dead end into a block, and a tree off it: the block's ring is still its four corners.
TEST(PlaneFaces, TreesHangingOffAreLeftOut) {
  Drawing d;
  d.square(0, 0, 10);
  d.line(0, 0, 5, 5);
  d.line(5, 5, 5, 8);
  d.line(5, 5, 8, 5);
  d.line(10, 10, 20, 20);  // and one out of the block
  const PlaneFaces f = d.faces();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_DOUBLE_EQ(f.area[0], 100.0);
  EXPECT_EQ(f.first[1], 4u);
  EXPECT_EQ(f.left[4], invalid_id);  // the dead end borders no face
  EXPECT_EQ(f.right[4], invalid_id);
}

// Crossing diagonals without a shared vertex (a bridge over a street) are left out: the square
// is one block. With the crossing a vertex, the square is four triangles of 25.
TEST(PlaneFaces, CrossingEdgesAreLeftOut) {
  Drawing bridge;
  bridge.square(0, 0, 10);
  bridge.line(0, 0, 10, 10);
  bridge.line(10, 0, 0, 10);
  const PlaneFaces f = bridge.faces();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_DOUBLE_EQ(f.area[0], 100.0);

  Drawing crossing;
  crossing.square(0, 0, 10);
  crossing.line(0, 0, 5, 5), crossing.line(5, 5, 10, 10);
  crossing.line(10, 0, 5, 5), crossing.line(5, 5, 0, 10);
  EXPECT_EQ(sorted_areas(crossing.faces()), (std::vector<double>{25, 25, 25, 25}));
}

// An edge ending on another without a vertex there (a T that was not joined), an edge along
// another, and a repeated edge: each is left out with what it meets.
TEST(PlaneFaces, TouchingOverlappingAndRepeatedEdgesAreLeftOut) {
  Drawing t;
  t.square(0, 0, 10);
  t.line(10, 10, 10, 20), t.line(10, 20, 0, 20), t.line(0, 20, 0, 10);  // a block on top
  EXPECT_EQ(sorted_areas(t.faces()), (std::vector<double>{100, 100}));
  t.line(5, 10, 5, 5);        // touching the shared edge at its middle: it and that edge go
  EXPECT_EQ(sorted_areas(t.faces()), (std::vector<double>{200}));  // the two blocks are one ring

  Drawing along;
  along.square(0, 0, 10);
  along.line(0, 0, 5, 0);     // runs along the bottom edge from its end
  EXPECT_EQ(along.faces().size(), 0u);  // the bottom edge goes: no ring is left

  Drawing twice;
  twice.square(0, 0, 10);
  twice.line(10, 0, 0, 0);    // the bottom edge again, backwards
  EXPECT_EQ(twice.faces().size(), 0u);
}

// A ring of streets inside a block, not joined to it (an island): the block would have a hole,
// so it is left out; the island's own block is kept.
TEST(PlaneFaces, FacesHoldingAnIslandAreLeftOut) {
  Drawing d;
  d.square(0, 0, 30);
  d.square(10, 10, 10);
  const PlaneFaces f = d.faces();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_DOUBLE_EQ(f.area[0], 100.0);
  // The island lies outside the other block when side by side.
  Drawing apart;
  apart.square(0, 0, 30);
  apart.square(40, 10, 10);
  EXPECT_EQ(sorted_areas(apart.faces()), (std::vector<double>{100, 900}));
}

// A loop hanging inside a block from one of its corners: the block's ring would pass that corner
// twice, so it is left out; the loop's own triangle is kept. Two blocks touching at a corner are
// both kept (each ring passes it once).
TEST(PlaneFaces, RingsPassingAVertexTwiceAreLeftOut) {
  Drawing d;
  d.square(0, 0, 10);
  d.line(0, 0, 4, 2), d.line(4, 2, 2, 4), d.line(2, 4, 0, 0);
  const PlaneFaces f = d.faces();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_DOUBLE_EQ(f.area[0], 6.0);  // the triangle (0,0), (4,2), (2,4)

  Drawing bowtie;
  bowtie.square(0, 0, 10);
  bowtie.square(10, 10, 10);
  EXPECT_EQ(sorted_areas(bowtie.faces()), (std::vector<double>{100, 100}));
}

}  // namespace
}  // namespace lc
