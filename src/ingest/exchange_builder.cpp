// Turn kinds follow from roles: journalists ask, officials answer once a question is open (before the
// first question they make statements), moderators moderate. An exchange opens at a question, gathers the
// questions asked before any answer, then the answers until the next question. A question by the same
// identifiable journalist as the exchange before it follows that exchange.
#include <optional>

#include "ingest/build_steps.h"

namespace presser::ingest {

using model::Role;
using model::TurnKind;

namespace {

// "Thank you.", "Thanks, Jen." — a journalist's few words without a question mark ask nothing.
bool is_courtesy(const model::Turn& turn) {
    if (turn.paragraphs.size() != 1) return false;
    const std::string& text = turn.paragraphs.front().text;
    bool asks = text.find('?') != std::string::npos || text.find("？") != std::string::npos ||
                text.find("¿") != std::string::npos;
    return !asks && approximate_words(text) <= 5;
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

}  // namespace

void classify_turns_and_build_exchanges(Workspace& work) {
    model::Event& event = work.event;
    bool question_seen = false;
    std::optional<std::size_t> open;  // index of the exchange taking answers
    std::string open_asker;
    for (std::size_t at = 0; at < event.turns.size(); ++at) {
        model::Turn& turn = event.turns[at];
        int index = work.speaker_index(turn.speaker);
        if (index < 0) continue;  // narration, stage directions, source notes keep their kind
        const model::Speaker& speaker = event.speakers[static_cast<std::size_t>(index)];
        switch (speaker.role) {
            case Role::journalist:
                turn.kind = is_courtesy(turn) && !greeting_opens_exchange(event, at, speaker) ? TurnKind::statement
                                                                                               : TurnKind::question;
                break;
            case Role::official: turn.kind = question_seen ? TurnKind::answer : TurnKind::statement; break;
            case Role::moderator: turn.kind = TurnKind::moderation; break;
            case Role::other:
            case Role::unknown: turn.kind = TurnKind::statement; break;
        }

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
