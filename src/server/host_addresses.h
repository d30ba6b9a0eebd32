// Whether a listening host is loopback only, decided on the addresses it resolves to (never on its
// spelling: "127.0.0.1.example.com" is a name like any other).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/error.h"

namespace presser::server {

// Numeric addresses ("127.0.0.1", "::1") a host name or literal resolves to; an error naming the host
// when it does not resolve.
using HostResolver = std::function<Result<std::vector<std::string>>(const std::string& host)>;

// getaddrinfo, for a listening socket (AI_PASSIVE).
[[nodiscard]] Result<std::vector<std::string>> resolve_host(const std::string& host);

// True for 127.0.0.0/8, ::1 and IPv4-mapped 127.0.0.0/8 (::ffff:127.x.y.z); false for anything else,
// unparsable text included.
[[nodiscard]] bool is_loopback_address(const std::string& numeric);

// True when there is at least one address and every one is loopback.
[[nodiscard]] bool all_loopback(const std::vector<std::string>& addresses);

}  // namespace presser::server
