#pragma once
// Text for HTML pages written by io/ (the web map, the access report). Internal to io/.

#include <string>

namespace lc::io {

// Text for an HTML element's content or attribute.
inline std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace lc::io
