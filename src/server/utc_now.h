// The current time as ISO 8601 UTC ("2026-12-07T21:30:00Z"), as /api/info reports reloads and ingests.
#pragma once

#include <ctime>
#include <string>

namespace presser::server {

inline std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

}  // namespace presser::server
