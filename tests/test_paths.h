// Where the tests find their data: the repository's fixtures, and ../shared beside the project root
// (PRESSER_SHARED overrides it). Tests that need shared data skip with a message when it is absent.
#pragma once

#include <filesystem>
#include <string>

namespace presser::testing {

std::filesystem::path source_dir();
std::filesystem::path fixtures_dir();
// ../shared, or "" when not present.
std::filesystem::path shared_dir();
std::filesystem::path presser_binary();
std::string read_file(const std::filesystem::path& path);

}  // namespace presser::testing

#define PRESSER_REQUIRE_SHARED()                                                  \
    do {                                                                          \
        if (presser::testing::shared_dir().empty()) GTEST_SKIP() << "../shared is not present"; \
    } while (0)
