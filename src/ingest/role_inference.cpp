// Who is an official, a moderator or a journalist. In order of authority: the corpus's sidecar file, the
// words of the label ("Q", "MODERATOR", "SECRETARY"), the header ("Foreign Minister Qin Gang answered
// questions"), then behaviour: journalists ask (question marks, outlets), moderators give the floor in
// short turns, officials speak at length after questions.
#include <re2/re2.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <utility>

#include "ingest/build_steps.h"
#include "ingest/label_grammar.h"
#include "ingest/text_util.h"
#include "ingest/turn_cues.h"

namespace presser::ingest {
namespace {

using model::Role;
using model::TurnKind;

struct Behaviour {
    std::size_t turns = 0;
    std::size_t words = 0;
    std::size_t asking_turns = 0;      // turns with a question mark
    std::size_t floor_giving_turns = 0;
    std::size_t after_question = 0;    // turns right after another speaker's question-like turn
};

// Moderators give the floor in short turns; longer turns are not searched for it.
constexpr std::size_t kShortTurnWords = 80;

bool gives_floor(std::string_view text) {
    static const Pattern floor(
        R"((?i)(let's go to|let’s go to|go ahead|next question|last question|final question|we'll go to|we’ll go to|)"
        R"(over to you|take a few questions|take questions|adelante|la siguiente pregunta|tiene la palabra|le damos la palabra|)"
        R"(请提问|下一个问题|最后一个问题))");
    return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), floor);
}

std::string turn_text(const model::Turn& turn) {
    std::string text;
    for (const model::Paragraph& paragraph : turn.paragraphs) {
        if (!text.empty()) text.push_back(' ');
        text += paragraph.text;
    }
    return text;
}

// Moderators give the floor ("Let's go to Howard", "Rachel.") in short turns.
bool short_floor_giver(const Behaviour& b) {
    if (b.turns == 0) return false;
    double average = static_cast<double>(b.words) / static_cast<double>(b.turns);
    return b.floor_giving_turns * 5 >= b.turns * 2 && average <= 40;
}

// Whether `text` names `name` (its first or last word, as a whole word).
bool mentions_name(std::string_view text, const std::string& name) {
    if (name.empty()) return false;
    std::vector<std::string> words = split_words(name);
    for (const std::string* word : {&words.front(), &words.back()}) {
        if (word->size() < 3) continue;
        for (std::size_t at = text.find(*word); at != std::string_view::npos; at = text.find(*word, at + 1)) {
            bool starts = at == 0 || !std::isalpha(static_cast<unsigned char>(text[at - 1]));
            std::size_t end = at + word->size();
            bool ends = end >= text.size() || !std::isalpha(static_cast<unsigned char>(text[end]));
            if (starts && ends) return true;
        }
    }
    return false;
}

// "Le pido a Martín que presente la sección", "I'll turn it over to Dana to walk us through": an official
// hands the floor to someone who presents for the officials' side.
bool hands_over_to_present(std::string_view text) {
    static const Pattern cue(
        R"((?i)(present|expon|explica|nos va a|le pido a|le cedo|cedo la palabra|le doy la palabra|turn it over|)"
        R"(hand it over|walk us through|brief us|update us|introduce))");
    return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), cue);
}

// Per speaker: whether an official handed them the floor, by name, to present, right before they first spoke.
std::vector<bool> presented_by_officials(const Workspace& work, const std::vector<std::pair<int, const model::Turn*>>& spoken) {
    std::vector<bool> presented(work.event.speakers.size(), false);
    std::vector<bool> seen(work.event.speakers.size(), false);
    for (std::size_t k = 0; k < spoken.size(); ++k) {
        const auto index = static_cast<std::size_t>(spoken[k].first);
        if (seen[index]) continue;
        seen[index] = true;
        if (k == 0 || work.facts[index].label_class != LabelClass::named) continue;
        const auto previous = static_cast<std::size_t>(spoken[k - 1].first);
        const SpeakerFacts& by = work.facts[previous];
        if (previous == index || (by.hint != Role::official && !by.role_from_header)) continue;
        std::string text = turn_text(*spoken[k - 1].second);
        presented[index] = mentions_name(text, work.event.speakers[index].name) && hands_over_to_present(text);
    }
    return presented;
}

}  // namespace

std::size_t approximate_words(std::string_view text) {
    std::size_t words = 0;
    std::size_t han = 0;
    bool in_word = false;
    for (std::size_t i = 0; i < text.size();) {
        // Eight ASCII bytes at once: a word starts at each byte that is not a separator and follows one.
        if (std::endian::native == std::endian::little && i + 8 <= text.size()) {
            std::uint64_t word = load8(text.data() + i);
            if ((word & kHighBits) == 0) {
                std::uint64_t separators = byte_mask(word, ' ') | byte_mask(word, '\n') | byte_mask(word, '\t');
                std::uint64_t word_bytes = ~separators & kHighBits;
                std::uint64_t after_separator = (separators << 8) | (in_word ? 0 : 0x80);
                // At most one bit per byte, each the byte's high bit: a multiply sums them without a
                // popcount instruction (not in the baseline x86-64 that Debian builds for).
                words += static_cast<std::size_t>((((word_bytes & after_separator) >> 7) * kEveryByte) >> 56);
                in_word = (word_bytes >> 63) != 0;
                i += 8;
                continue;
            }
        }
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {  // the common case, decided without the sequence length
            if (c == ' ' || c == '\n' || c == '\t') {
                in_word = false;
            } else if (!in_word) {
                ++words;
                in_word = true;
            }
            ++i;
            continue;
        }
        std::size_t length = utf8_sequence_length(c);
        if (length == 3 && c >= 0xE4 && c <= 0xE9) {
            ++han;
            in_word = false;
        } else if (c == ' ' || c == '\n' || c == '\t') {
            in_word = false;
        } else if (!in_word) {
            ++words;
            in_word = true;
        }
        i += length;
    }
    return words + han / 2;
}

void infer_roles(Workspace& work, const SpeakerOverrides* overrides) {
    model::Event& event = work.event;
    std::vector<Behaviour> behaviour(event.speakers.size());
    std::vector<std::pair<int, const model::Turn*>> spoken;  // (speaker index, turn) in order
    for (const model::Turn& turn : event.turns)
        if (int index = work.speaker_index(turn.speaker); index >= 0) spoken.emplace_back(index, &turn);
    std::vector<int> introduced_by(event.speakers.size(), -1);  // who named this speaker just before they spoke
    std::vector<bool> introduced_someone(event.speakers.size(), false);
    // Per turn: its length, whether it asks, and (for short turns only, where moderators speak) its text.
    std::vector<std::size_t> words;
    std::vector<bool> asking;
    std::vector<std::string> short_texts;
    for (const auto& [index, turn] : spoken) {
        std::size_t count = 0;
        bool asks = false;
        for (const model::Paragraph& paragraph : turn->paragraphs) {
            count += approximate_words(paragraph.text);
            asks = asks || has_question_mark(paragraph.text);
        }
        words.push_back(count);
        asking.push_back(asks);
        short_texts.push_back(count <= kShortTurnWords ? turn_text(*turn) : std::string());
    }
    for (std::size_t k = 0; k < spoken.size(); ++k) {
        auto [index, turn] = spoken[k];
        Behaviour& b = behaviour[static_cast<std::size_t>(index)];
        const std::string& text = short_texts[k];
        ++b.turns;
        b.words += words[k];
        bool asks = asking[k];
        if (asks) ++b.asking_turns;
        bool names_next = false;
        // A moderator stands between two other speakers and names the second; a journalist thanking the
        // official they answer ("Thank you, Chair Powell") names the speaker they just heard.
        bool between_others = k > 0 && k + 1 < spoken.size() && spoken[k + 1].first != index &&
                              spoken[k + 1].first != spoken[k - 1].first;
        if (between_others) {
            const model::Speaker& next = event.speakers[static_cast<std::size_t>(spoken[k + 1].first)];
            names_next = mentions_name(text, next.name);
            if (names_next && introduced_by[static_cast<std::size_t>(spoken[k + 1].first)] < 0)
                introduced_by[static_cast<std::size_t>(spoken[k + 1].first)] = index;
            if (names_next) introduced_someone[static_cast<std::size_t>(index)] = true;
        }
        if (names_next || gives_floor(text)) ++b.floor_giving_turns;
        if (k > 0) {
            int previous = spoken[k - 1].first;
            const SpeakerFacts& by = work.facts[static_cast<std::size_t>(previous)];
            bool previous_asked = asking[k - 1] || by.hint == Role::journalist;
            // "So why don't we start with the second one, Dr. Walensky.": a named speaker who passes on the
            // question just asked by naming the next speaker hands it to someone who answers.
            const SpeakerFacts& own = work.facts[static_cast<std::size_t>(index)];
            if (!previous_asked && previous != index && own.hint == Role::unknown && own.label_class == LabelClass::named &&
                by.hint != Role::journalist && by.label_class == LabelClass::named && k >= 2 && asking[k - 2] &&
                spoken[k - 2].first != previous &&
                mentions_name(turn_text(*spoken[k - 1].second), event.speakers[static_cast<std::size_t>(index)].name))
                previous_asked = true;
            if (previous_asked && previous != index) ++b.after_question;
        }
    }

    const std::vector<bool> presented = presented_by_officials(work, spoken);
    std::size_t most_words = 0;
    for (const Behaviour& b : behaviour) most_words = std::max(most_words, b.words);

    for (std::size_t i = 0; i < event.speakers.size(); ++i) {
        model::Speaker& speaker = event.speakers[i];
        SpeakerFacts& facts = work.facts[i];
        if (overrides) {
            std::vector<std::string> keys{facts.key, fold_key(speaker.name)};
            for (const std::string& alias : speaker.aliases) keys.push_back(fold_key(alias));
            if (const SpeakerOverride* fix = find_override(*overrides, keys)) {
                if (fix->role) {
                    speaker.role = *fix->role;
                    facts.overridden = true;
                }
                if (!fix->title.empty()) speaker.title = fix->title;
                if (!fix->name.empty()) speaker.name = fix->name;
                for (const std::string& outlet : fix->affiliations)
                    if (std::find(speaker.affiliations.begin(), speaker.affiliations.end(), outlet) == speaker.affiliations.end())
                        speaker.affiliations.push_back(outlet);
                if (facts.overridden) continue;
            }
        }
        if (facts.hint != Role::unknown) {
            speaker.role = facts.hint;
            continue;
        }
        if (facts.role_from_header || (presented[i] && speaker.affiliations.empty())) {
            speaker.role = Role::official;
            continue;
        }
        const Behaviour& b = behaviour[i];
        double average = b.turns ? static_cast<double>(b.words) / static_cast<double>(b.turns) : 0.0;
        double asking = b.turns ? static_cast<double>(b.asking_turns) / static_cast<double>(b.turns) : 0.0;
        int introducer = introduced_by[i];
        bool introduced = introducer >= 0 && static_cast<std::size_t>(introducer) != i &&
                          short_floor_giver(behaviour[static_cast<std::size_t>(introducer)]);
        if (!speaker.affiliations.empty()) speaker.role = Role::journalist;
        else if (introduced && b.words < most_words) speaker.role = Role::journalist;
        else if (short_floor_giver(b) && (b.turns >= 2 || introduced_someone[i])) speaker.role = Role::moderator;
        else if (asking >= 0.5 && average <= 250 && b.words < most_words) speaker.role = Role::journalist;
        else if (b.after_question > 0 && average >= 25) speaker.role = Role::official;
        else if (b.words == most_words && b.words > 0) speaker.role = Role::official;
        else speaker.role = Role::other;
    }
}

}  // namespace presser::ingest
