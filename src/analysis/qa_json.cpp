#include "analysis/qa_json.h"

namespace presser::analysis {

namespace {

nlohmann::ordered_json ratio(std::uint64_t part, std::uint64_t whole) {
    return whole == 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(static_cast<double>(part) / static_cast<double>(whole));
}

}  // namespace

nlohmann::ordered_json qa_group_json(const QaGroup& g, std::uint64_t all_exchanges, QaGrouping by) {
    nlohmann::ordered_json signals = nlohmann::ordered_json::object();
    for (const auto& [label, count] : g.signals) signals[label] = count;
    nlohmann::ordered_json out{
        {"key", g.key},
        {"exchanges", g.exchanges},
        {"share", ratio(g.exchanges, all_exchanges)},
        {"events", g.events},
        {"per_event", ratio(g.exchanges, g.events)},
        {"first_in_event", g.first_in_event},
        {"named_by_moderator", g.named_by_moderator},
        {"followups", g.followups},
        {"followup_rate", ratio(g.followups, g.exchanges)},
        {"unanswered", g.unanswered},
        {"unanswered_rate", ratio(g.unanswered, g.exchanges)},
        {"question_tokens_mean", ratio(g.question_tokens, g.exchanges)},
        {"answer_tokens_mean", ratio(g.answer_tokens, g.exchanges - g.unanswered)},
        {"answer_tokens_median", g.answer_tokens_median},
        {"answer_tokens_p90", g.answer_tokens_p90},
        {"timed", g.timed},
        {"answer_seconds_median", g.timed == 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(g.answer_seconds_median)},
        {"with_lexicon", g.with_lexicon},
        {"deflected", g.deflected},
        {"deflection_rate", ratio(g.deflected, g.with_lexicon)},
        {"signals", std::move(signals)}};
    if (by == QaGrouping::event && g.key != "all") {
        out["event_tokens"] = g.event_tokens;
        out["opening_tokens"] = g.opening_tokens;
    }
    return out;
}

nlohmann::ordered_json qa_json(const QaTable& table, const QaRequestEcho& echo) {
    nlohmann::ordered_json groups = nlohmann::ordered_json::array();
    for (const auto& group : table.groups) groups.push_back(qa_group_json(group, table.totals.exchanges, table.by));
    return {{"by", std::string(to_string(table.by))},
            {"topic", echo.topic.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(echo.topic)},
            {"where", echo.where},
            {"lexicon", echo.lexicon},
            {"subcorpus", echo.subcorpus.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(echo.subcorpus)},
            {"totals", qa_group_json(table.totals, table.totals.exchanges, table.by)},
            {"groups_total", table.groups_total},
            {"groups", std::move(groups)}};
}

}  // namespace presser::analysis
