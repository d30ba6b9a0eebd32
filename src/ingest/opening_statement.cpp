// Spokespersons' pages whose speech is not labelled: a statement page ("外交部发言人就…发表谈话",
// "Spokesperson's Remarks on …") is the spokesperson's statement from its first paragraph to its last, and
// a briefing page whose title names the spokesperson presiding ("外交部发言人李明远主持例行记者会") opens
// with the spokesperson's announcements before the first label. Only paragraphs that read as speech (a
// sentence ending in its punctuation) are taken: headlines, datelines and venues stay narration.
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "ingest/build_steps.h"
#include "ingest/label_grammar.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

using model::TurnKind;

struct TitleSpeaker {
    std::string office;
    std::string name;
    bool presides = false;  // the title names a briefing the speaker presides over; else a statement
};

std::optional<TitleSpeaker> title_speaker(std::string_view title) {
    static const Pattern date_prefix(R"(^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*)");
    static const Pattern han(R"(^((?:\p{Han}){0,10}?发言人)(\p{Han}{2,3}?)?(主持|就|对|关于|发表|答))");
    static const Pattern english(
        R"(\b((?:[A-Z][A-Za-z]+ ){0,3}(?:Spokesperson|Spokesman|Spokeswoman))(?:'s|’s)?(?: ([A-Z][a-z]+(?: [A-Z][a-z]+){1,2})(?:'s|’s)?)? (?:Statement|Remarks|Comments?) (?:on|about|regarding)\b)");
    std::string rest(title);
    RE2::Replace(&rest, date_prefix, "");
    TitleSpeaker found;
    std::string verb;
    if (RE2::PartialMatch(rest, han, &found.office, &found.name, &verb)) {
        found.presides = verb == "主持";
        return found;
    }
    if (RE2::PartialMatch(rest, english, &found.office, &found.name)) return found;
    return std::nullopt;
}

// A paragraph that reads as speech: long enough, and ending as a sentence ends.
bool reads_as_speech(const model::Turn& turn) {
    if (turn.paragraphs.empty()) return false;
    std::string_view text = trim_view(turn.paragraphs.back().text);
    static constexpr std::array<std::string_view, 9> kEnds{"。", "！", "？", ".", "!", "?", "”", "\"", "…"};
    bool ends = false;
    for (std::string_view end : kEnds) ends = ends || text.ends_with(end);
    return ends && text.size() >= 20;
}

int speaker_for(Workspace& work, const TitleSpeaker& found) {
    for (std::size_t i = 0; i < work.event.speakers.size(); ++i) {
        const model::Speaker& speaker = work.event.speakers[i];
        if (!found.name.empty() && fold_key(speaker.name) == fold_key(found.name)) return static_cast<int>(i);
    }
    Label label;
    label.text = found.name.empty() ? found.office : found.name;
    label.name = found.name;
    label.title = found.office;
    label.role_hint = model::Role::official;
    label.key = fold_key(label.text);
    return work.find_or_add_speaker(label);
}

// Turns of one speaker in a row are one turn.
void merge_adjacent(model::Event& event) {
    std::vector<model::Turn> merged;
    for (model::Turn& turn : event.turns) {
        if (!merged.empty() && !turn.speaker.empty() && merged.back().speaker == turn.speaker) {
            for (model::Paragraph& paragraph : turn.paragraphs) merged.back().paragraphs.push_back(std::move(paragraph));
            continue;
        }
        merged.push_back(std::move(turn));
    }
    event.turns = std::move(merged);
    for (std::size_t i = 0; i < event.turns.size(); ++i) event.turns[i].id = "t" + std::to_string(i + 1);
}

}  // namespace

void attribute_opening_statement(Workspace& work) {
    model::Event& event = work.event;
    std::optional<TitleSpeaker> found = title_speaker(event.title);
    if (!found) return;
    bool labelled = std::any_of(event.turns.begin(), event.turns.end(), [](const model::Turn& turn) { return !turn.speaker.empty(); });
    // A statement page has no labels at all; a briefing page's opening comes before its first label.
    if (labelled != found->presides || (found->presides && found->name.empty())) return;
    std::string speaker_id;
    bool changed = false;
    for (model::Turn& turn : event.turns) {
        if (!turn.speaker.empty()) break;
        if (turn.kind != TurnKind::narration || !reads_as_speech(turn)) continue;
        if (speaker_id.empty()) speaker_id = event.speakers[static_cast<std::size_t>(speaker_for(work, *found))].id;
        turn.speaker = speaker_id;
        turn.kind = TurnKind::statement;
        changed = true;
    }
    if (!changed) return;
    merge_adjacent(event);
    std::erase(event.warnings, std::string("no speaker labels found: the text is read as narration"));
}

}  // namespace presser::ingest
