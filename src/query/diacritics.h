// Diacritic folding for CQL's %d flag: "Qín" -> "Qin", "López" -> "Lopez", "ﬁ" stays "ﬁ".
#pragma once

#include <string>
#include <string_view>

namespace presser::query {

// Canonical decomposition (NFD), every nonspacing mark (Mn) removed, recomposed (NFC). Invalid UTF-8 is
// replaced by U+FFFD first.
[[nodiscard]] std::string strip_diacritics(std::string_view utf8);

}  // namespace presser::query
