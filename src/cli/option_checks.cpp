#include "cli/option_checks.h"

#include <charconv>

#include "query/option_values.h"

namespace presser::cli {

CLI::Validator at_least(std::uint64_t minimum) {
    return CLI::Validator(
        [minimum](std::string& value) -> std::string {
            std::uint64_t number = 0;
            const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
            if (value.empty() || error != std::errc() || end != value.data() + value.size() || number < minimum)
                return "expected a whole number of at least " + std::to_string(minimum) + ", got '" + value + "'";
            return "";
        },
        "INT>=" + std::to_string(minimum), "at_least");
}

CLI::Validator date_bound() {
    return CLI::Validator(
        [](std::string& value) -> std::string {
            if (query::is_date_bound(value)) return "";
            return "expected " + std::string(query::kDateBoundExpected) + ", got '" + value + "'";
        },
        "DATE", "date_bound");
}

}  // namespace presser::cli
