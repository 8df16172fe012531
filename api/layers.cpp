#include "api/layers.hpp"

#include "io/layers.hpp"

namespace lc::api {

SourceInfo layers(const LayersRequest& request) { return io::describe_source(request.source, request.tag_mapping); }

}  // namespace lc::api
