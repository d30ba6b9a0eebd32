#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/deadline_http_server.h"

namespace presser::server {
namespace {

TEST(ClientWatch, SeesThePeerLeaveButNotAPipelinedRequest) {
    int ends[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, ends), 0);
    ClientWatch watch(ends[0], std::chrono::milliseconds(0));
    EXPECT_FALSE(watch.gone());
    ASSERT_EQ(::send(ends[1], "GET / HTTP/1.1\r\n", 16, 0), 16);  // the next request, unread
    EXPECT_FALSE(watch.gone());
    ::close(ends[1]);
    EXPECT_TRUE(watch.gone());
    EXPECT_TRUE(watch.gone());  // and stays so
    ::close(ends[0]);
}

TEST(ClientWatch, AsksTheSocketAtMostOncePerInterval) {
    int ends[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, ends), 0);
    ClientWatch watch(ends[0], std::chrono::hours(1));
    EXPECT_FALSE(watch.gone());  // the first call asks
    ::close(ends[1]);
    EXPECT_FALSE(watch.gone());  // within the interval: not asked again
    ::close(ends[0]);
}

TEST(ClientWatch, NoSocketIsNeverGone) { EXPECT_FALSE(ClientWatch(-1).gone()); }

}  // namespace
}  // namespace presser::server
