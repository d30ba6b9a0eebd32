#include "server/host_addresses.h"

#include <gtest/gtest.h>

#include "server/server.h"

namespace presser::server {
namespace {

ServerOptions without_token(const std::string& host) {
    ServerOptions options;
    options.host = host;
    return options;
}

TEST(HostAddresses, LoopbackIsDecidedOnTheAddress) {
    for (const char* loopback : {"127.0.0.1", "127.5.6.7", "127.255.255.255", "::1", "::ffff:127.0.0.1", "::ffff:127.9.8.7"})
        EXPECT_TRUE(is_loopback_address(loopback)) << loopback;
    for (const char* other : {"0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "126.255.255.255", "::ffff:10.0.0.1", "::2",
                              "fe80::1", "127.0.0.1.example.com", "localhost", ""})
        EXPECT_FALSE(is_loopback_address(other)) << other;
    EXPECT_FALSE(all_loopback({}));
    EXPECT_TRUE(all_loopback({"127.0.0.1", "::1"}));
    EXPECT_FALSE(all_loopback({"127.0.0.1", "10.0.0.1"}));
}

TEST(HostAddresses, ResolvedHostsOnlyLoopbackServeWithoutToken) {
    for (const char* host : {"127.0.0.1", "127.5.6.7", "::1", "localhost"}) {
        auto addresses = resolve_host(host);
        ASSERT_TRUE(addresses) << host << ": " << addresses.error().message;
        EXPECT_TRUE(all_loopback(*addresses)) << host;
        EXPECT_EQ(check_options(without_token(host)), "") << host;
    }
    for (const char* host : {"0.0.0.0", "::", "10.0.0.1"}) {
        auto addresses = resolve_host(host);
        ASSERT_TRUE(addresses) << host << ": " << addresses.error().message;
        EXPECT_FALSE(all_loopback(*addresses)) << host;
        const auto problem = check_options(without_token(host));
        EXPECT_NE(problem.find("--token"), std::string::npos) << host << ": " << problem;
        auto with_token = without_token(host);
        with_token.token = "t";
        EXPECT_EQ(check_options(with_token), "") << host;
    }
}

TEST(HostAddresses, NameStartingLikeLoopbackIsRefused) {
    // Here it does not resolve (no DNS); where it does, it resolves elsewhere than loopback. Refused either way.
    const auto problem = check_options(without_token("127.0.0.1.example.com"));
    EXPECT_NE(problem.find("127.0.0.1.example.com"), std::string::npos) << problem;

    const HostResolver unresolvable = [](const std::string& host) -> Result<std::vector<std::string>> {
        return plain_error("host '" + host + "' does not resolve");
    };
    auto with_token = without_token("127.0.0.1.example.com");
    with_token.token = "t";
    EXPECT_EQ(check_options(with_token, unresolvable), "host '127.0.0.1.example.com' does not resolve");

    const HostResolver elsewhere = [](const std::string&) -> Result<std::vector<std::string>> {
        return std::vector<std::string>{"127.0.0.1", "93.184.216.34"};
    };
    const auto mixed = check_options(without_token("127.0.0.1.example.com"), elsewhere);
    EXPECT_NE(mixed.find("refusing to serve on 127.0.0.1.example.com (127.0.0.1, 93.184.216.34)"), std::string::npos) << mixed;

    const HostResolver loopback_only = [](const std::string&) -> Result<std::vector<std::string>> {
        return std::vector<std::string>{"127.0.0.1", "::1"};
    };
    EXPECT_EQ(check_options(without_token("my-loopback-alias"), loopback_only), "");
}

}  // namespace
}  // namespace presser::server
