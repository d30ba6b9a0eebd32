#include "server/host_addresses.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

namespace presser::server {

Result<std::vector<std::string>> resolve_host(const std::string& host) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    const int status = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (status != 0)
        return plain_error("host '" + host + "' does not resolve (" + ::gai_strerror(status) +
                           "): expected an address or a name of this machine, e.g. 127.0.0.1");
    std::vector<std::string> addresses;
    for (const addrinfo* entry = found; entry; entry = entry->ai_next) {
        char text[NI_MAXHOST];
        if (::getnameinfo(entry->ai_addr, entry->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) == 0)
            addresses.emplace_back(text);
    }
    ::freeaddrinfo(found);
    if (addresses.empty()) return plain_error("host '" + host + "' resolves to no address");
    return addresses;
}

bool is_loopback_address(const std::string& numeric) {
    in_addr v4{};
    if (::inet_pton(AF_INET, numeric.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    // A scoped address ("fe80::1%eth0") does not parse, and is not loopback anyway.
    if (::inet_pton(AF_INET6, numeric.c_str(), &v6) != 1) return false;
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
}

bool all_loopback(const std::vector<std::string>& addresses) {
    return !addresses.empty() && std::all_of(addresses.begin(), addresses.end(), is_loopback_address);
}

}  // namespace presser::server
