// The derived facts of each exchange that the index stores as columns of `exchange` regions (docs/qa.md):
// question and answer length in tokens and (where the transcript stamps turns) in seconds, the position
// in the event, the follow-up depth, whether a moderator named the asker, and the answer signal matched by
// the deflection lexicon. Computed per event in the parallel part of ingest.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace presser::index {

struct AnalysedEvent;

// What a deflection lexicon found in an answer. `label` is the lexicon label of the first match, "none"
// when the answer's language has a lexicon and nothing matched, "n/a" when it has none (never a zero).
struct AnswerSignal {
    std::string label = "n/a";
    // The matched phrase as event-local token indices [first, last) (into AnalysedEvent::tokens), when matched.
    std::uint32_t first = 0;
    std::uint32_t last = 0;
};

// Matches a lexicon over the answer of one exchange: `answer` are the event-local token indices of its
// answer turns in reading order. Called from the ingest worker threads, so it must be thread-safe.
using AnswerSignalFunction = std::function<AnswerSignal(const AnalysedEvent& event, const std::vector<std::uint32_t>& answer)>;

// The signal function index builds and merges use (empty by default: every signal "n/a"). The CLI sets the
// built-in lexicons (analysis/deflection_lexicon.h) before building: the index layer cannot compile CQL
// itself. Set it before a build starts, not during one.
void set_answer_signals(AnswerSignalFunction signals);
[[nodiscard]] const AnswerSignalFunction& answer_signals();

struct ExchangeFacts {
    std::uint32_t question_tokens = 0;
    std::uint32_t answer_tokens = 0;
    // From the first answer turn's stamp to the stamp of the turn after the last answer turn.
    std::optional<std::uint32_t> answer_seconds;
    std::uint32_t position = 0;        // 1-based, in the event's exchange order
    std::uint32_t followup_depth = 0;  // 0 for a first question, n for the n-th follow-up in a `follows` chain
    // The turn before the first question turn is moderation (or an official's, handing on the floor) and
    // names the asker or the asker's outlet.
    bool named_by_moderator = false;
    AnswerSignal signal;
};

// One ExchangeFacts per exchange of `event.event.exchanges`. Without a signal function every signal is "n/a".
[[nodiscard]] std::vector<ExchangeFacts> compute_exchange_facts(const AnalysedEvent& event, const AnswerSignalFunction& signals);

}  // namespace presser::index
