#include "io/osm_features.hpp"
#include "core/interrupt.hpp"

#include <algorithm>
#include <optional>

#include <ogr_swq.h>
#include <ogrsf_frmts.h>

namespace lc::io {

void for_each_osm_feature(GDALDataset& ds, const std::vector<std::string>& layers,
                          const std::function<void(const OsmFeature&)>& fn) {
  ds.ResetReading();
  OGRLayer* layer = nullptr;
  while (true) {
    check_interrupt();
    OGRFeatureUniquePtr f(ds.GetNextFeature(&layer, nullptr, nullptr, nullptr));
    if (!f) break;
    const std::string lname = layer->GetName();
    if (std::find(layers.begin(), layers.end(), lname) == layers.end()) continue;
    const OGRFeatureDefn* defn = f->GetDefnRef();
    const int osm_id = defn->GetFieldIndex("osm_id");
    const int way_id = defn->GetFieldIndex("osm_way_id");
    const int all_tags = defn->GetFieldIndex("all_tags");
    const int name = defn->GetFieldIndex("name");

    OsmFeature out;
    out.layer = lname;
    if (way_id >= 0 && f->IsFieldSetAndNotNull(way_id)) {
      out.id = std::string("way/") + f->GetFieldAsString(way_id);
    } else if (osm_id >= 0 && f->IsFieldSetAndNotNull(osm_id)) {
      const char* kind = lname == "points" ? "node/" : lname == "lines" ? "way/" : "relation/";
      out.id = kind + std::string(f->GetFieldAsString(osm_id));
    } else {
      out.id = lname + "/fid " + std::to_string(f->GetFID());
    }
    if (name >= 0 && f->IsFieldSetAndNotNull(name)) out.name = f->GetFieldAsString(name);
    const char* hstore = all_tags >= 0 && f->IsFieldSetAndNotNull(all_tags) ? f->GetFieldAsString(all_tags) : "";
    out.tags = [hstore](const std::string& key) -> std::optional<std::string> {
      char* v = OGRHStoreGetValue(hstore, key.c_str());
      if (!v) return std::nullopt;
      std::string s(v);
      CPLFree(v);
      return s;
    };
    out.geometry = f->GetGeometryRef();
    fn(out);
  }
}

}  // namespace lc::io
