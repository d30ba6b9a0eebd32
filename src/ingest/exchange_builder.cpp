// Turn kinds follow from the label first, then from roles: every turn under an explicit question label
// ("Q", "PREGUNTA", "记者") is a question whatever its length; a turn that only gives the floor is
// moderation whoever speaks it; a clip played during the conference is played media. Otherwise journalists
// ask, officials answer once a question is open (before the first question they make statements),
// moderators moderate, and an unidentified voice asks only when it asks. An exchange opens at a question,
// gathers the questions asked before any answer, then the answers until the next question. A question by
// the same identifiable journalist as the exchange before it follows that exchange. Played media forms no
// exchange.
#include <optional>

#include "ingest/build_steps.h"
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

}  // namespace

void classify_turns_and_build_exchanges(Workspace& work) {
    model::Event& event = work.event;
    const std::vector<bool> media = played_media_turns(event);
    bool question_seen = false;
    std::optional<std::size_t> open;  // index of the exchange taking answers
    std::string open_asker;
    for (std::size_t t = 0; t < event.turns.size(); ++t) {
        model::Turn& turn = event.turns[t];
        int index = work.speaker_index(turn.speaker);
        if (index < 0 || turn.paragraphs.empty()) continue;  // narration, stage directions, source notes keep their kind
        if (media[t]) {
            turn.kind = TurnKind::played_media;
            continue;
        }
        const model::Speaker& speaker = event.speakers[static_cast<std::size_t>(index)];
        turn.kind = kind_of(event, t, speaker, work.facts[static_cast<std::size_t>(index)], question_seen);

        if (turn.kind == TurnKind::question) {
            question_seen = true;
            if (open && event.exchanges[*open].answers.empty()) {
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
