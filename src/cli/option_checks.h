// Checks of option values shared by the commands, as CLI11 validators: a bad value ends the command with
// exit status 2 and "--OPTION: what was expected, got 'VALUE'" (main.cpp).
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>

namespace presser::cli {

// A whole number of at least `minimum` (refuses "-5", "0" when minimum is 1, "1e3", "ten").
[[nodiscard]] CLI::Validator at_least(std::uint64_t minimum);
// YYYY, YYYY-MM or YYYY-MM-DD with a real month and day (query::is_date_bound).
[[nodiscard]] CLI::Validator date_bound();

}  // namespace presser::cli
