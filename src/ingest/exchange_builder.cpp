// Turn kinds follow from the label first, then from roles: every turn under an explicit question label
// ("Q", "PREGUNTA", "记者") is a question whatever its length; a turn that only gives the floor is
// moderation whoever speaks it; a clip played during the conference is played media. Otherwise journalists
// ask, officials answer once a question is open (before the first question they make statements),
// moderators moderate, and an unidentified voice asks only when it asks. An exchange opens at a question,
// gathers the questions asked before any answer, then the answers until the next question. A question by
// the same identifiable journalist as the exchange before it follows that exchange. Played media forms no
// exchange. Backchannels cut nothing: a journalist's few words inside an official's answer are a statement
// of the open exchange's answer, and an official's acknowledgement inside a cut-off question lets the same
// asker's next turn continue that question.
#include <optional>

#include "ingest/build_steps.h"
#include "ingest/text_util.h"
#include "ingest/turn_cues.h"

namespace presser::ingest {

using model::Role;
using model::TurnKind;

namespace {

// "Thank you.", "Thanks, Jen." — a named journalist's few words without a question mark ask nothing.
bool is_courtesy(const model::Turn& turn) {
    if (turn.paragraphs.size() != 1) return false;
    const std::string& text = turn.paragraphs.front().text;
    return !has_question_mark(text) && approximate_words(text) <= 5;
}

// Labels that say the turn is a question: "Q", "PREGUNTA", "法新社记者", "Reporters from …".
bool question_label(LabelClass label_class) {
    return label_class == LabelClass::question_marker || label_class == LabelClass::outlet_reporter ||
           label_class == LabelClass::reporter_group;
}

// A named journalist's greeting ("Thanks. Good morning.") that the next speaker returns before the
// journalist asks opens the journalist's exchange: it is its first question, not a courtesy. A thanks
// after that speaker's answer ("Thank you." closing an exchange) is not.
bool greeting_opens_exchange(const model::Event& event, std::size_t at, const model::Speaker& speaker) {
    const std::vector<model::Turn>& turns = event.turns;
    if (speaker.name.empty() || at + 2 >= turns.size()) return false;
    const std::string& other = turns[at + 1].speaker;
    if (other.empty() || other == speaker.id || turns[at + 2].speaker != speaker.id || is_courtesy(turns[at + 2]))
        return false;
    return at == 0 || turns[at - 1].speaker != other;
}

TurnKind kind_of(const model::Event& event, std::size_t at, const model::Speaker& speaker, const SpeakerFacts& facts,
                 bool question_seen) {
    const model::Turn& turn = event.turns[at];
    if (question_label(facts.label_class) && speaker.role == Role::journalist) return TurnKind::question;
    if (speaker.role == Role::moderator || only_gives_floor(turn)) return TurnKind::moderation;
    switch (speaker.role) {
        // Once questions are being asked a journalist's follow-up asks even without a question mark; before,
        // only a turn that asks is a question (a report read to the room is not).
        case Role::journalist:
            if (greeting_opens_exchange(event, at, speaker)) return TurnKind::question;
            return !is_courtesy(turn) && (question_seen || asks_or_requests(turn)) ? TurnKind::question
                                                                                  : TurnKind::statement;
        case Role::official: return question_seen ? TurnKind::answer : TurnKind::statement;
        case Role::moderator: return TurnKind::moderation;
        case Role::other:
        case Role::unknown:
            return facts.label_class == LabelClass::voice && has_question_mark(turn.paragraphs.front().text)
                       ? TurnKind::question
                       : TurnKind::statement;
    }
    return TurnKind::statement;
}

// The nearest turn before (step -1) or after (step +1) `at` that has a speaker and words.
std::optional<std::size_t> speaking_neighbour(const model::Event& event, std::size_t at, int step) {
    for (std::size_t i = at;;) {
        if (step < 0 ? i == 0 : i + 1 >= event.turns.size()) return std::nullopt;
        i = step < 0 ? i - 1 : i + 1;
        if (!event.turns[i].speaker.empty() && !event.turns[i].paragraphs.empty()) return i;
    }
}

// Whether the text ends as a finished sentence ends: '.', '!', '?' (any script), closing quotes, brackets
// or emphasis after them; not cut off by a dash or an ellipsis, not broken off without a mark.
bool ends_as_sentence(std::string_view text) {
    text = trim_view(text);
    for (bool again = true; again && !text.empty();) {
        again = false;
        for (std::string_view closing : {")", "]", "\"", "'", "”", "’", "*", "_", "»"})
            if (text.ends_with(closing)) text.remove_suffix(closing.size()), again = true;
    }
    if (text.ends_with("...") || text.ends_with("…")) return false;
    for (std::string_view mark : {".", "!", "?", "。", "！", "？"})
        if (text.ends_with(mark)) return true;
    return false;
}

// A journalist's few words inside an official's answer: the same official speaks before and after them and
// goes on answering, the official's turn before them ended as a sentence ends (not cut off, not asking),
// they ask nothing, and they are a backchannel ("Mm-hmm.", "Right.") or a finished remark of at most four
// words without words that ask that the official passes over ("Got them all in." before "So, he was —"). A remark
// the official takes up ("Quinientos millones de dólares donó." / "Quinientos millones de dólares, sí")
// asks by its intonation.
bool backchannel_inside_answer(const model::Event& event, std::size_t at, TurnKind previous_kind) {
    const model::Turn& turn = event.turns[at];
    if (previous_kind != TurnKind::answer || turn.paragraphs.size() != 1 || has_question_mark(turn.paragraphs.front().text))
        return false;
    const std::optional<std::size_t> before = speaking_neighbour(event, at, -1);
    const std::optional<std::size_t> after = speaking_neighbour(event, at, +1);
    if (!before || !after || event.turns[*before].speaker != event.turns[*after].speaker) return false;
    const model::Turn& answer = event.turns[*before];
    if (!ends_as_sentence(answer.paragraphs.back().text) || has_question_mark(answer.paragraphs.back().text) ||
        only_gives_floor(event.turns[*after]))
        return false;
    if (only_acknowledges(turn)) return true;
    // "(inaudible)": what was said is unknown, so whether it asked is too.
    const std::string_view text = trim_view(turn.paragraphs.front().text);
    if (text.starts_with("(") || text.starts_with("[")) return false;
    return approximate_words(text) <= 4 && ends_as_sentence(text) && !asks_or_requests(turn) &&
           !takes_up(event.turns[*after], turn);
}

// An official's backchannel inside a question: the question before it is cut off (it ends in a dash or an
// ellipsis, or breaks off without a mark: "And then kind of following up on"), the official only
// acknowledges ("Mm-hmm.", "Sure.", "Yeah."), and the same asker goes on. The asker's next turn continues
// the same question.
bool backchannel_inside_question(const model::Event& event, std::size_t at, TurnKind previous_kind) {
    if (previous_kind != TurnKind::question || !only_acknowledges(event.turns[at])) return false;
    const std::optional<std::size_t> before = speaking_neighbour(event, at, -1);
    const std::optional<std::size_t> after = speaking_neighbour(event, at, +1);
    if (!before || !after || event.turns[*before].speaker != event.turns[*after].speaker) return false;
    return !ends_as_sentence(event.turns[*before].paragraphs.back().text);
}

}  // namespace

void classify_turns_and_build_exchanges(Workspace& work) {
    model::Event& event = work.event;
    const std::vector<bool> media = played_media_turns(event);
    bool question_seen = false;
    std::optional<std::size_t> open;  // index of the exchange taking answers
    std::string open_asker;
    TurnKind previous_kind = TurnKind::narration;  // of the last turn with a speaker
    bool question_goes_on = false;                 // the official only acknowledged a question being asked
    for (std::size_t t = 0; t < event.turns.size(); ++t) {
        model::Turn& turn = event.turns[t];
        int index = work.speaker_index(turn.speaker);
        if (index < 0 || turn.paragraphs.empty()) continue;  // narration, stage directions, source notes keep their kind
        if (media[t]) {
            turn.kind = TurnKind::played_media;
            previous_kind = turn.kind;
            continue;
        }
        const model::Speaker& speaker = event.speakers[static_cast<std::size_t>(index)];
        turn.kind = kind_of(event, t, speaker, work.facts[static_cast<std::size_t>(index)], question_seen);
        if (turn.kind == TurnKind::question && speaker.role == Role::journalist && open &&
            backchannel_inside_answer(event, t, previous_kind))
            turn.kind = TurnKind::statement;
        const bool continues_question = question_goes_on;
        question_goes_on = turn.kind == TurnKind::answer && open && backchannel_inside_question(event, t, previous_kind);
        previous_kind = turn.kind;

        if (turn.kind == TurnKind::question) {
            question_seen = true;
            if (open && (event.exchanges[*open].answers.empty() || continues_question)) {
                event.exchanges[*open].questions.push_back(turn.id);
                continue;
            }
            model::Exchange exchange;
            exchange.id = "x" + std::to_string(event.exchanges.size() + 1);
            exchange.questions.push_back(turn.id);
            bool identifiable = !speaker.name.empty() || !speaker.affiliations.empty();
            if (open && identifiable && open_asker == speaker.id) exchange.follows = event.exchanges[*open].id;
            event.exchanges.push_back(std::move(exchange));
            open = event.exchanges.size() - 1;
            open_asker = speaker.id;
        } else if (turn.kind == TurnKind::answer && open) {
            event.exchanges[*open].answers.push_back(turn.id);
        }
    }
}

}  // namespace presser::ingest
