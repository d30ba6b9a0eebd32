#include "query/matching_strategy.h"

namespace presser::query {

std::string_view to_string(MatchingStrategy strategy) {
    switch (strategy) {
        case MatchingStrategy::standard: return "standard";
        case MatchingStrategy::shortest: return "shortest";
        case MatchingStrategy::longest: return "longest";
        case MatchingStrategy::all: return "all";
    }
    return "standard";
}

std::optional<MatchingStrategy> parse_matching_strategy(std::string_view text) {
    for (const auto s : {MatchingStrategy::standard, MatchingStrategy::shortest, MatchingStrategy::longest, MatchingStrategy::all})
        if (text == to_string(s)) return s;
    return std::nullopt;
}

}  // namespace presser::query
