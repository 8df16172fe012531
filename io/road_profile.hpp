#pragma once
// Road-network travel modes as data (data/road_speeds.yaml): which roads walking and driving may
// use, in which directions and how fast, decided from OSM way tags or from the fields of another
// centreline layer. The file holds every tag value, class and number; this code knows only the
// tag keys it reads (see keys()).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/road_network.hpp"
#include "io/category_rules.hpp"

namespace lc::io {

// How one travel mode may use one line. Directions are relative to the line's vertex order.
struct RoadUse {
  bool usable = false;
  bool forward = false;   // first vertex → last vertex
  bool backward = false;  // last vertex → first vertex
  float speed_mps = 0;
};

class RoadProfile {
 public:
  // Reads the YAML file; throws InputError naming the file (and the line, where there is one) of
  // unreadable, missing or malformed settings.
  static RoadProfile load(const std::string& path);

  // OSM way tags → use by `mode`. TravelMode::distance is treated as walk (the network that
  // distance measures run on is the walkable one). A feature without a highway=* tag, or with a
  // value the file does not list for the mode, is not usable.
  RoadUse osm(const TagLookup& tags, TravelMode mode) const;

  // A non-OSM centreline layer: `road_class` is a highway-like class value ("primary"; may be
  // empty), `speed_kmh` the layer's speed (NaN when it has no speed field or the value is empty),
  // `oneway` its one-way value (empty when none). Values are compared without regard to case or
  // surrounding spaces. Walking ignores `oneway` and `speed_kmh`. A one-way value that is in none
  // of the file's lists leaves the line open both ways: check it with known_oneway() to report it.
  RoadUse fields(const std::string& road_class, double speed_kmh, const std::string& oneway,
                 TravelMode mode) const;

  // Whether `value` is one of the file's one-way values for centreline layers (field_oneway).
  bool known_oneway(const std::string& value) const;

  // A maxspeed=* value in km/h: a positive number, optionally followed by a unit listed under
  // maxspeed_units ("50", "50 km/h", "30 mph"); nullopt for anything else ("CN:urban", "none").
  std::optional<double> maxspeed_kmh(const std::string& value) const;

  double walk_speed_mps() const { return walk_speed_mps_; }
  // The CLI's --speed overrides the file for walking; throws UsageError unless v is finite and > 0.
  void set_walk_speed_mps(double v);

  // Settings a summary may want to quote.
  double maxspeed_factor() const { return maxspeed_factor_; }
  const std::string& source() const { return source_; }

  // The OSM tag keys osm() reads (for readers that must fetch them).
  static const std::vector<std::string>& keys();

 private:
  RoadProfile() = default;

  struct Oneway {
    std::set<std::string> forward, backward, both;
  };
  // Sets forward/backward from a one-way value; false when the value is in none of the lists.
  static bool apply_oneway(const Oneway& table, const std::string& value, RoadUse& use);
  bool known_class(const std::string& cls) const;
  double walk_factor(const std::string& cls) const;
  RoadUse walk_use(const std::string& cls) const;

  std::string source_;
  std::set<std::string> not_built_;

  double walk_speed_mps_ = 0;
  std::set<std::string> walk_highway_, walk_excluded_;
  std::map<std::string, double> walk_speed_factor_;
  std::set<std::string> walk_allowed_, walk_denied_;

  std::map<std::string, double> drive_kmh_;
  double default_kmh_ = 0;
  double maxspeed_factor_ = 0;
  double field_speed_factor_ = 0;
  std::set<std::string> drive_allowed_, drive_denied_;
  std::set<std::string> implied_oneway_highway_, oneway_junction_;

  Oneway osm_oneway_, field_oneway_;
  std::map<std::string, double> maxspeed_units_;
};

}  // namespace lc::io
