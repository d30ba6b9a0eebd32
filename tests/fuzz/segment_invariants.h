// The fuzz check for reading damaged segments: a valid segment is built once, then each input damages one
// of its files (byte flips at chosen offsets, or a whole replacement) and every read path runs over it.
// Opening may fail, reads may return errors; nothing may crash, hang or read out of bounds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace presser::fuzz {

[[nodiscard]] std::vector<std::string> check_damaged_segment(std::string_view input);

}  // namespace presser::fuzz
