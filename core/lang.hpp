#pragma once
// The language of what a run prints and reports for people: English (the default) or Chinese.
// Files for machines (summary.json, the GeoJSON outputs) do not depend on it.

#include <string>

namespace lc {

enum class Lang { en, zh };

// "en" or "zh" (as --lang takes them); false for anything else.
inline bool parse_lang(const std::string& text, Lang& lang) {
  if (text == "en") lang = Lang::en;
  else if (text == "zh") lang = Lang::zh;
  else return false;
  return true;
}

}  // namespace lc
