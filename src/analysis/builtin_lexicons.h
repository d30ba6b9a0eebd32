// The texts of data/lexicons/deflection-*.tsv, compiled in by cmake/embed_text.cmake.
#pragma once

#include <string_view>

namespace presser::analysis::builtin {

[[nodiscard]] std::string_view deflection_en();
[[nodiscard]] std::string_view deflection_zh();
[[nodiscard]] std::string_view deflection_es();

}  // namespace presser::analysis::builtin
