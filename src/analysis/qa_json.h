// The JSON of a QaTable: the answer of `presser qa --format json` and of GET /api/qa (docs/qa.md).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "analysis/qa_stats.h"

namespace presser::analysis {

// What the request asked, echoed in the answer.
struct QaRequestEcho {
    std::string topic;                 // "" for none
    std::vector<std::string> where;    // as given
    std::string lexicon = "built-in";  // or the user lexicon's file name
    std::string subcorpus;             // description; "" for the whole corpus
};

[[nodiscard]] nlohmann::ordered_json qa_json(const QaTable& table, const QaRequestEcho& echo);
// One group's fields (also the totals); rates are null where their denominator is zero.
[[nodiscard]] nlohmann::ordered_json qa_group_json(const QaGroup& group, std::uint64_t all_exchanges, QaGrouping by);

}  // namespace presser::analysis
