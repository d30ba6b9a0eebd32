// Time offsets as transcripts and their tables write them: "01:05", "1:02:03", "[00:01:05]", "65", "65.4s".
// Internal to src/ingest.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace presser::ingest {

// Seconds from the start of the recording; nothing when `text` is not such a time.
[[nodiscard]] std::optional<std::uint32_t> parse_clock_time(std::string_view text);

}  // namespace presser::ingest
