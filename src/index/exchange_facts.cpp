#include "index/exchange_facts.h"

#include <string_view>
#include <unordered_map>

#include "index/event_analysis.h"

namespace presser::index {

namespace {

AnswerSignalFunction& signal_function() {
    static AnswerSignalFunction function;
    return function;
}

// Whether `text` names the asker: their surname (last word of the name, 3 bytes or more) or an outlet.
bool names_asker(std::string_view text, const model::Speaker& asker) {
    if (!asker.name.empty()) {
        const auto space = asker.name.rfind(' ');
        const std::string_view surname = std::string_view(asker.name).substr(space == std::string::npos ? 0 : space + 1);
        if (surname.size() >= 3 && text.find(surname) != std::string_view::npos) return true;
    }
    for (const auto& outlet : asker.affiliations)
        if (outlet.size() >= 2 && text.find(outlet) != std::string_view::npos) return true;
    return false;
}

bool introduced(const model::Event& event, std::size_t question_turn) {
    if (question_turn == 0) return false;
    const auto& before = event.turns[question_turn - 1];
    const auto& question = event.turns[question_turn];
    const auto* asker = event.find_speaker(question.speaker);
    const auto* introducer = event.find_speaker(before.speaker);
    if (asker == nullptr || introducer == nullptr || before.paragraphs.empty()) return false;
    const bool hands_floor = before.kind == model::TurnKind::moderation || introducer->role == model::Role::moderator;
    return hands_floor && names_asker(before.paragraphs.back().text, *asker);
}

}  // namespace

void set_answer_signals(AnswerSignalFunction signals) { signal_function() = std::move(signals); }
const AnswerSignalFunction& answer_signals() { return signal_function(); }

std::vector<ExchangeFacts> compute_exchange_facts(const AnalysedEvent& analysed, const AnswerSignalFunction& signals) {
    const auto& event = analysed.event;
    std::vector<ExchangeFacts> out(event.exchanges.size());
    if (event.exchanges.empty()) return out;

    // Token range [first, last) of each turn, through its paragraphs.
    std::unordered_map<std::string_view, std::size_t> turn_by_id;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> turn_tokens(event.turns.size());
    std::size_t paragraph = 0;
    for (std::size_t t = 0; t < event.turns.size(); ++t) {
        turn_by_id.try_emplace(event.turns[t].id, t);
        const std::size_t count = event.turns[t].paragraphs.size();
        const auto first = paragraph < analysed.paragraph_starts.size() ? analysed.paragraph_starts[paragraph] : 0;
        paragraph += count;
        const auto last = paragraph < analysed.paragraph_starts.size() ? analysed.paragraph_starts[paragraph] : first;
        turn_tokens[t] = {first, last};
    }
    std::unordered_map<std::string_view, std::size_t> exchange_by_id;
    for (std::size_t x = 0; x < event.exchanges.size(); ++x) exchange_by_id.try_emplace(event.exchanges[x].id, x);

    for (std::size_t x = 0; x < event.exchanges.size(); ++x) {
        const auto& exchange = event.exchanges[x];
        auto& facts = out[x];
        facts.position = static_cast<std::uint32_t>(x + 1);
        // A follows chain only points backwards; the guard stops a malformed cycle.
        for (auto follows = exchange.follows; follows && facts.followup_depth < event.exchanges.size();) {
            const auto found = exchange_by_id.find(*follows);
            if (found == exchange_by_id.end()) break;
            ++facts.followup_depth;
            follows = event.exchanges[found->second].follows;
        }
        bool first_question = true;
        for (const auto& id : exchange.questions) {
            const auto found = turn_by_id.find(id);
            if (found == turn_by_id.end()) continue;
            const auto [first, last] = turn_tokens[found->second];
            facts.question_tokens += last - first;
            if (first_question) facts.named_by_moderator = introduced(event, found->second);
            first_question = false;
        }
        std::vector<std::uint32_t> answer;
        std::optional<std::size_t> first_answer, last_answer;
        for (const auto& id : exchange.answers) {
            const auto found = turn_by_id.find(id);
            if (found == turn_by_id.end()) continue;
            const auto [first, last] = turn_tokens[found->second];
            facts.answer_tokens += last - first;
            for (auto i = first; i < last; ++i) answer.push_back(i);
            if (!first_answer) first_answer = found->second;
            last_answer = found->second;
        }
        if (first_answer && *last_answer + 1 < event.turns.size()) {
            const auto& begin = event.turns[*first_answer].time_offset;
            const auto& end = event.turns[*last_answer + 1].time_offset;
            if (begin && end && *end >= *begin) facts.answer_seconds = *end - *begin;
        }
        if (signals) facts.signal = signals(analysed, answer);
    }
    return out;
}

}  // namespace presser::index
