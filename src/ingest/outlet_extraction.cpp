// Outlets and names of journalists from what they say about themselves at the start of a question, and
// from the moderator's introductions. Patterns per language live in the tables below.
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <bit>

#include "ingest/build_steps.h"
#include "ingest/label_grammar.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

using model::TurnKind;

constexpr std::size_t kIntroBytes = 320;
constexpr std::size_t kFloorBytes = 600;  // of a turn's start searched for the moderator's introductions

// A capitalised outlet name: "the New York Times", "Wall Street Journal", "CNBC", "Bloomberg News".
// Names and outlets in the Latin script: explicit ranges keep RE2's automata small (\p{L} is thousands
// of UTF-8 ranges), which matters because these run unanchored on every question.
#define PRESSER_UPPER R"([A-ZÀ-ÖØ-Þ])"
#define PRESSER_LETTER R"([a-zA-Zß-öø-ÿÀ-ÖØ-ÞĀ-ž])"
#define PRESSER_OUTLET_WORD PRESSER_UPPER R"((?:)" PRESSER_LETTER R"(|[0-9&'’\-])*(?:\.(?:)" PRESSER_LETTER R"(|[0-9])+)*)"
#define PRESSER_OUTLET R"((?:the )?()" PRESSER_OUTLET_WORD R"((?:(?: | of | de | del | and | y | & )(?:)" PRESSER_OUTLET_WORD R"(|\d+)){0,6}))"
#define PRESSER_PERSON R"(()" PRESSER_UPPER R"((?:)" PRESSER_LETTER R"(|['’\-])+(?: )" PRESSER_UPPER R"((?:)" PRESSER_LETTER R"(|['’\-])+){1,3}))"

struct Introduction {
    std::string person;  // may be empty
    std::string outlet;
};

// "It’s Rachel Siegel", "Soy Carlos Pozos": the words before the name are not the name.
std::string strip_lead_in(const std::string& person) {
    static constexpr std::array<std::string_view, 12> kLeadIns{"It’s ", "It's ", "I’m ", "I'm ", "This is ", "Hi ",
                                                               "Soy ", "Hola ", "Me llamo ", "Mi nombre es ", "Yes ", "Sí "};
    for (std::string_view lead : kLeadIns)
        if (person.starts_with(lead)) return person.substr(lead.size());
    return person;
}

struct IntroductionCues {
    bool english = false;  // " from ", " with ", " of " or " at " after the word (or the word and a comma)
    bool spanish = false;  // ", " right after the word
};

// PRESSER_UPPER's first byte: A-Z, or the lead byte of U+00C0..U+00FF.
bool may_begin_capitalised(std::string_view word) {
    unsigned char first = word.empty() ? 0 : static_cast<unsigned char>(word.front());
    return (first >= 'A' && first <= 'Z') || first == 0xC3;
}

// Whether `word` may be one word of PRESSER_PERSON: a capital, then letters, apostrophes and hyphens
// (only the ASCII bytes are checked).
bool may_be_name_word(std::string_view word) {
    if (word.size() < 2 || !may_begin_capitalised(word)) return false;
    for (char c : word) {
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!letter && c != '\'' && c != '-' && static_cast<unsigned char>(c) < 0x80) return false;
    }
    return true;
}

// The cues the self-introduction patterns need right after PRESSER_PERSON, whose last two words are
// name words separated by one space: " from ", " with ", " of " or " at " (English, maybe after a comma),
// or a comma (Spanish). A necessary condition found in one pass over the head, far cheaper than running
// the patterns over it; the patterns decide.
IntroductionCues cues_after_capitalised_words(std::string_view head) {
    IntroductionCues cues;
    // The pattern's sentence start may end in white space other than a space, which then begins the name.
    // Paragraph text has none (spaces are collapsed), so words are only searched for it when the head has.
    const bool other_white_space =
        std::any_of(head.begin(), head.end(), [](char c) { return c == '\t' || c == '\n' || c == '\f' || c == '\r'; });
    auto last_word = [other_white_space](std::string_view token) {
        if (!other_white_space) return token;
        for (std::size_t i = token.size(); i-- > 0;)
            if (token[i] == '\t' || token[i] == '\n' || token[i] == '\f' || token[i] == '\r') return token.substr(i + 1);
        return token;
    };
    // The spaces of the head, found eight bytes at a time (a call to memchr per word cost more than the
    // words' own tests).
    std::array<std::uint16_t, kFloorBytes + 1> spaces;
    static_assert(kIntroBytes <= kFloorBytes);
    std::size_t count = 0;
    std::size_t at = 0;
    const std::size_t size = std::min(head.size(), kFloorBytes);
    for (; at + 8 <= size; at += 8)
        for (std::uint64_t mask = byte_mask(load8(head.data() + at), ' '); mask; mask &= mask - 1)
            spaces[count++] = static_cast<std::uint16_t>(at + static_cast<std::size_t>(std::countr_zero(mask)) / 8);
    for (; at < size; ++at)
        if (head[at] == ' ') spaces[count++] = static_cast<std::uint16_t>(at);
    if (count == 0) return cues;
    bool previous_is_name = may_be_name_word(last_word(head.substr(0, spaces[0])));
    for (std::size_t k = 1; k < count; ++k) {
        std::size_t space = spaces[k - 1];
        std::size_t next = spaces[k];
        std::string_view word = head.substr(space + 1, next - space - 1);  // with any comma after it
        bool comma = !word.empty() && word.back() == ',';
        if (previous_is_name && may_be_name_word(comma ? word.substr(0, word.size() - 1) : word)) {
            std::string_view after = head.substr(next);
            cues.english = cues.english || after.starts_with(" from ") || after.starts_with(" with ") ||
                           after.starts_with(" of ") || after.starts_with(" at ");
            cues.spanish = cues.spanish || comma;
        }
        previous_is_name = !comma && may_be_name_word(last_word(word));
    }
    return cues;
}

// English: "Jeanna Smialek from the New York Times", "Nick Timiraos of the Wall Street Journal",
// "I'm with Reuters". Spanish: "Rocío Méndez, Noticias MVS", "Felipe Fierro, de Tiempo.com.mx".
std::optional<Introduction> find_self_introduction(std::string_view text) {
    // A self-introduction opens a sentence: "Thanks. Jeanna Smialek from the New York Times."
#define PRESSER_SENTENCE_START R"((?:^|[.!?¡¿:;,]\s+|[Ss]ervidora? |[Ss]oy |nombre es |[Ll]lamo ))"
    static const Pattern english(PRESSER_SENTENCE_START PRESSER_PERSON R"(,? (?:from|with|of|at) )" PRESSER_OUTLET);
    static const Pattern english_anonymous(R"((?:I'm|I am) (?:with|from) )" PRESSER_OUTLET);
    static const Pattern spanish(PRESSER_SENTENCE_START PRESSER_PERSON R"(, (?:de |del |desde |reportero de |reportera de )?(?:el |la |los )?(?:periódico |revista |portal |medio |agencia |diario |canal |noticiero |programa |sitio |semanario |cadena |grupo )?)" PRESSER_OUTLET);
    std::string_view head = text.substr(0, kIntroBytes);
    re2::StringPiece input(head.data(), head.size());
    Introduction intro;
    // The English form needs one of its prepositions after a name and the Spanish one a comma: skip what
    // cannot match.
    IntroductionCues cues = cues_after_capitalised_words(head);
    if ((cues.english && RE2::PartialMatch(input, english, &intro.person, &intro.outlet)) ||
        (cues.spanish && RE2::PartialMatch(input, spanish, &intro.person, &intro.outlet))) {
        intro.person = strip_lead_in(intro.person);
        return intro;
    }
    bool anonymous_cue = head.find("I'm ") != std::string_view::npos || head.find("I am ") != std::string_view::npos;
    if (anonymous_cue && RE2::PartialMatch(input, english_anonymous, &intro.outlet)) return intro;
    return std::nullopt;
}

// Outlets set in italics in the Markdown source ("_Noticias MVS_") at the start of a question.
std::string italic_outlet(const std::string* source, const model::Paragraph& paragraph) {
    if (!source || paragraph.range.end > source->size() || paragraph.range.start >= paragraph.range.end) return "";
    std::string_view raw = std::string_view(*source).substr(paragraph.range.start,
                                                           std::min<std::size_t>(paragraph.range.end - paragraph.range.start, kIntroBytes));
    if (raw.find('_') == std::string_view::npos) return "";
    static const Pattern italic(R"((?:^|[\s,.(])_([^_\n]{2,80}?)[;,.]?_)");
    std::string outlet;
    if (RE2::PartialMatch(re2::StringPiece(raw.data(), raw.size()), italic, &outlet)) return trim_copy(collapse_spaces(outlet));
    return "";
}

bool may_give_floor(std::string_view text) {
    for (std::string_view cue : {"go to", "Go to", "turn to", "next", "Next", "over to", "go with", "hear from", "call on"})
        if (text.find(cue) != std::string_view::npos) return true;
    return false;
}

// What the floor-giving pattern needs: one of its phrases, in any case, then a space and a capital.
bool floor_phrase_before_capital(std::string_view text) {
    // Each ends in o, s, n, h, m or a comma (checked first, below).
    static constexpr std::array<std::string_view, 8> kPhrases{"go to", "turn to", "next is", "call on",
                                                             "over to", "go with", "hear from", "next,"};
    if (text.find("\xC5\xBF") != std::string_view::npos) return true;  // U+017F, which (?i) matches for 's'
    auto phrase_before = [&](std::size_t space) {
        // Most spaces before a capital follow a byte that ends no phrase.
        char last = space == 0 ? '\0' : text[space - 1];
        last = last >= 'A' && last <= 'Z' ? static_cast<char>(last | 0x20) : last;
        if (last != 'o' && last != 's' && last != 'n' && last != 'h' && last != 'm' && last != ',') return false;
        for (std::string_view phrase : kPhrases) {
            if (space < phrase.size()) continue;
            bool same = true;
            for (std::size_t k = 0; k < phrase.size() && same; ++k) {
                char b = text[space - phrase.size() + k];
                same = (b >= 'A' && b <= 'Z' ? static_cast<char>(b | 0x20) : b) == phrase[k];
            }
            if (same) return true;
        }
        return false;
    };
    // Spaces are found eight bytes at a time; only those before a capital are looked at further.
    std::size_t at = 0;
    for (; at + 8 < text.size(); at += 8) {
        for (std::uint64_t spaces = byte_mask(load8(text.data() + at), ' '); spaces; spaces &= spaces - 1) {
            std::size_t space = at + static_cast<std::size_t>(std::countr_zero(spaces)) / 8;
            if (may_begin_capitalised(text.substr(space + 1)) && phrase_before(space)) return true;
        }
    }
    for (std::size_t space = at; space + 1 < text.size(); ++space)
        if (text[space] == ' ' && may_begin_capitalised(text.substr(space + 1)) && phrase_before(space)) return true;
    return false;
}

// What the name-comma-outlet pattern needs: its outlet ends the text, so the last word (after white
// space and a full stop are trimmed) begins with a capital or a digit, after a space.
bool ends_with_capitalised_word(std::string_view text) {
    std::size_t end = text.size();
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\t' || text[end - 1] == '\r' ||
                       text[end - 1] == '\f' || text[end - 1] == '\v'))
        --end;
    std::size_t space = text.rfind(' ', end == 0 ? 0 : end - 1);
    if (space == std::string_view::npos || space + 1 >= end) return false;
    char first = text[space + 1];
    return may_begin_capitalised(text.substr(space + 1)) || (first >= '0' && first <= '9');
}

// "Let's go to Howard at Reuters", "Next, Jeanna Smialek from the New York Times".
std::optional<Introduction> find_floor_giving(std::string_view text) {
    static const Pattern english(R"((?i:go to|turn to|next is|call on|over to|go with|hear from|next,) )"
                             R"(()" PRESSER_UPPER R"((?:)" PRESSER_LETTER R"(|['’\-])+(?: )" PRESSER_UPPER R"((?:)" PRESSER_LETTER R"(|['’\-])+){0,2}) (?:at|from|with|of) )" PRESSER_OUTLET);
    // "Thank you. Marty Crutsinger, Associated Press." or "Howard from Reuters." ending a short turn.
    static const Pattern name_comma_outlet(R"(()" PRESSER_UPPER R"((?:)" PRESSER_LETTER R"(|['’\-])+(?: )" PRESSER_UPPER R"((?:)" PRESSER_LETTER R"(|['’\-])+){0,2})(?:,| from| at| with| of) )" PRESSER_OUTLET R"([.]?\s*$)");
    Introduction intro;
    re2::StringPiece input(text.data(), text.size());
    if (floor_phrase_before_capital(text) && may_give_floor(text) && RE2::PartialMatch(input, english, &intro.person, &intro.outlet))
        return intro;
    if (text.size() < 200 && ends_with_capitalised_word(text) &&
        RE2::PartialMatch(input, name_comma_outlet, &intro.person, &intro.outlet))
        return intro;
    return std::nullopt;
}

std::string clean_outlet(std::string outlet) {
    outlet = trim_copy(outlet);
    while (!outlet.empty() && std::string_view(".,;:-– ").find(outlet.back()) != std::string_view::npos) outlet.pop_back();
    for (std::string_view tail : {", de", " de", ", del", " del"})
        if (outlet.ends_with(tail)) outlet.resize(outlet.size() - tail.size());
    return trim_copy(outlet);
}

// An outlet is not a person: "from Senator Portman", "of Secretary Blinken" are not outlets.
bool plausible_outlet(std::string_view outlet) {
    static constexpr std::array<std::string_view, 22> kNotFirstWords{
        "I", "We", "The", "Chair", "Chairman", "Mr", "Mr.", "Ms", "Ms.", "Mrs.", "Dr.", "President", "Presidente",
        "Secretary", "Secretario", "Senator", "Governor", "Leader", "Speaker", "Thank", "General", "Ambassador"};
    static constexpr std::array<std::string_view, 8> kArticles{"El", "La", "Los", "Las", "Un", "Una", "De", "Del"};
    if (outlet.size() < 2 || std::find(kArticles.begin(), kArticles.end(), outlet) != kArticles.end()) return false;
    std::string_view first = outlet.substr(0, outlet.find(' '));
    return std::find(kNotFirstWords.begin(), kNotFirstWords.end(), first) == kNotFirstWords.end();
}

void add_affiliation(model::Speaker& speaker, const std::string& outlet) {
    if (outlet.empty()) return;
    if (std::find(speaker.affiliations.begin(), speaker.affiliations.end(), outlet) == speaker.affiliations.end())
        speaker.affiliations.push_back(outlet);
}

// Whether a self-introduction names this speaker: the first name must be there.
bool same_first_name(const model::Speaker& speaker, const std::string& person) {
    if (person.empty() || speaker.name.empty()) return false;
    std::string first = split_words(fold_key(speaker.name)).front();
    for (const std::string& word : split_words(fold_key(person)))
        if (word == first) return true;
    return false;
}

// "Marty Crutsinger" introduces "Martin Crutsinger"; "It’s Rachel Siegel" is "Rachel Siegel".
bool first_name_matches(const model::Speaker& speaker, const std::string& person) {
    if (person.empty() || speaker.name.empty()) return false;
    std::vector<std::string> name = split_words(fold_key(speaker.name));
    for (const std::string& word : split_words(fold_key(person)))
        if (word.size() > 1 && (word == name.front() || word == name.back())) return true;
    return false;
}

}  // namespace

void apply_introductions(Workspace& work) {
    model::Event& event = work.event;
    std::optional<Introduction> announced;  // the moderator's last introduction, for the next speaker
    std::size_t speakers_before = event.speakers.size();
    for (std::size_t t = 0; t < event.turns.size(); ++t) {
        model::Turn& turn = event.turns[t];
        if (turn.speaker.empty() || turn.paragraphs.empty()) continue;
        int index = work.speaker_index(turn.speaker);
        if (index < 0) continue;
        SpeakerFacts& facts = work.facts[static_cast<std::size_t>(index)];
        const bool anonymous_asker = facts.label_class == LabelClass::question_marker;
        const bool named_unknown = facts.label_class == LabelClass::named &&
                                  (facts.hint == model::Role::unknown || facts.hint == model::Role::journalist);

        if (announced && static_cast<std::size_t>(index) < event.speakers.size()) {
            model::Speaker& speaker = event.speakers[static_cast<std::size_t>(index)];
            bool may_be_journalist = facts.hint == model::Role::unknown || facts.hint == model::Role::journalist;
            if (may_be_journalist && first_name_matches(speaker, announced->person))
                add_affiliation(speaker, clean_outlet(announced->outlet));
        }
        announced.reset();

        // Only the first kFloorBytes of the two paragraphs are read: copy no more.
        const std::string& first = turn.paragraphs[0].text;
        std::string joined = first.substr(0, kFloorBytes);
        if (first.size() < kIntroBytes && turn.paragraphs.size() > 1) {
            joined += " ";
            joined.append(turn.paragraphs[1].text, 0, kFloorBytes - joined.size());
        }
        if (auto floor = find_floor_giving(joined)) {
            if (plausible_outlet(clean_outlet(floor->outlet))) announced = floor;
            continue;  // introducing someone else is not introducing oneself
        }
        if (!anonymous_asker && !named_unknown) continue;

        std::optional<Introduction> intro = find_self_introduction(joined);
        std::string italic = italic_outlet(work.source_text, turn.paragraphs[0]);
        if (italic.empty() && turn.paragraphs.size() > 1) italic = italic_outlet(work.source_text, turn.paragraphs[1]);
        if (intro) intro->outlet = clean_outlet(intro->outlet);
        if (intro && !plausible_outlet(intro->outlet)) intro.reset();
        if (!intro && italic.empty()) continue;
        std::string person = intro ? intro->person : "";
        italic = clean_outlet(italic);
        if (!person.empty() && italic.starts_with(person)) italic.clear();  // the name was set in italics
        if (italic.empty() && !intro) continue;
        std::string outlet = !italic.empty() ? italic : intro->outlet;

        if (named_unknown) {
            model::Speaker& speaker = event.speakers[static_cast<std::size_t>(index)];
            if (person.empty() || same_first_name(speaker, person)) add_affiliation(speaker, outlet);
            continue;
        }
        // An anonymous asker ("Q", "PREGUNTA") who introduces themselves is a speaker of their own.
        Label label = interpret_label(person.empty() ? event.speakers[static_cast<std::size_t>(index)].aliases.front() : person,
                                      person.empty() ? LabelClass::question_marker : LabelClass::named);
        label.text = event.speakers[static_cast<std::size_t>(index)].aliases.front();
        label.key = person.empty() ? facts.key + "|" + fold_key(outlet) : fold_key(person);
        label.role_hint = model::Role::journalist;
        label.label_class = LabelClass::question_marker;
        int own = work.find_or_add_speaker(label);
        add_affiliation(event.speakers[static_cast<std::size_t>(own)], outlet);
        turn.speaker = event.speakers[static_cast<std::size_t>(own)].id;
    }
    // Anonymous markers whose every turn was reassigned no longer speak.
    std::vector<bool> used(event.speakers.size(), false);
    for (const model::Turn& turn : event.turns)
        if (int index = work.speaker_index(turn.speaker); index >= 0) used[static_cast<std::size_t>(index)] = true;
    for (std::size_t i = speakers_before; i-- > 0;) {
        if (used[i]) continue;
        event.speakers.erase(event.speakers.begin() + static_cast<std::ptrdiff_t>(i));
        work.facts.erase(work.facts.begin() + static_cast<std::ptrdiff_t>(i));
    }
}

}  // namespace presser::ingest
