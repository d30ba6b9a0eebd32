// Spans that ICU's word rules would cut into pieces but that are one token: URLs, e-mail addresses,
// @handles, #hashtags and clock times ("3:30", "10:30pm"). Found by a hand scan (cheaper than a regex
// over every paragraph, since most paragraphs have none).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace presser::text {

struct ByteSpan {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

// Appends the special spans of `text` to `out`, sorted and non-overlapping.
void find_special_spans(std::string_view text, std::vector<ByteSpan>& out);

}  // namespace presser::text
