// Outlets and names of journalists from what they say about themselves at the start of a question, and
// from the moderator's introductions. Patterns per language live in the tables below.
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <bit>

#include "ingest/build_steps.h"
#include "ingest/introduction_checks.h"
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

// Whether `head` holds a tab, line feed, form feed or carriage return; eight bytes at a time, since the
// bytes below 0x0E are rare in text and the byte loop ran over every turn head.
bool has_other_white_space(std::string_view head) {
    auto other = [](char c) { return c == '\t' || c == '\n' || c == '\f' || c == '\r'; };
    std::size_t at = 0;
    for (; at + 8 <= head.size(); at += 8)
        if (has_byte_below(load8(head.data() + at), 0x0E) && std::any_of(head.data() + at, head.data() + at + 8, other))
            return true;
    return std::any_of(head.begin() + static_cast<std::ptrdiff_t>(at), head.end(), other);
}

// The cues the self-introduction patterns need right after PRESSER_PERSON, whose last two words are
// name words separated by one space: " from ", " with ", " of " or " at " (English, maybe after a comma),
// or a comma (Spanish). A necessary condition found in one pass over the head, far cheaper than running
// the patterns over it; the patterns decide.
IntroductionCues cues_after_capitalised_words(std::string_view head) {
    IntroductionCues cues;
    // The pattern's sentence start may end in white space other than a space, which then begins the name.
    // Paragraph text has none (spaces are collapsed), so words are only searched for it when the head has.
    const bool other_white_space = has_other_white_space(head);
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

// Whether a pattern's match is an introduction: the person looks like a name and nothing goes on after the
// outlet ("On Monday, Iran proposed…" is news, not a self-introduction).
bool accept_match(std::string_view head, const re2::StringPiece& person, const re2::StringPiece& outlet,
                  Introduction& intro) {
    intro.person = person.empty() ? std::string() : strip_lead_in(std::string(person.data(), person.size()));
    intro.outlet = std::string(outlet.data(), outlet.size());
    std::size_t outlet_end = static_cast<std::size_t>(outlet.data() - head.data()) + outlet.size();
    if (!ends_introduction(head.substr(outlet_end))) return false;
    return intro.person.empty() || plausible_person(intro.person);
}

// English: "Jeanna Smialek from the New York Times", "Nick Timiraos of the Wall Street Journal",
// "I'm with Reuters". Spanish: "Rocío Méndez, Noticias MVS", "Felipe Fierro, de Tiempo.com.mx".
std::optional<Introduction> find_self_introduction(std::string_view text) {
    // A self-introduction opens a sentence: "Thanks. Jeanna Smialek from the New York Times."
#define PRESSER_SENTENCE_START R"((?:^|[.!?¡¿:;,]\s+|[Ss]ervidora? |[Ss]oy |nombre es |[Ll]lamo |(?:^|[.!?]\s+)(?:This is|It’s|It's) ))"
    static const Pattern english(PRESSER_SENTENCE_START PRESSER_PERSON R"(,? (?:from|with|of|at) )" PRESSER_OUTLET);
    static const Pattern english_anonymous(R"((?:I'm|I am) (?:with|from) )" PRESSER_OUTLET);
    static const Pattern spanish(PRESSER_SENTENCE_START PRESSER_PERSON R"(, (?:de |del |desde |reportero de |reportera de )?(?:el |la |los )?(?:periódico |revista |portal |medio |agencia |diario |canal |noticiero |programa |sitio |semanario |cadena |grupo )?)" PRESSER_OUTLET);
    std::string_view head = text.substr(0, kIntroBytes);
    re2::StringPiece input(head.data(), head.size());
    Introduction intro;
    re2::StringPiece person;
    re2::StringPiece outlet;
    // The English form needs one of its prepositions after a name and the Spanish one a comma: skip what
    // cannot match.
    IntroductionCues cues = cues_after_capitalised_words(head);
    if (cues.english && RE2::PartialMatch(input, english, &person, &outlet) &&
        accept_match(head, person, outlet, intro))
        return intro;
    if (cues.spanish && RE2::PartialMatch(input, spanish, &person, &outlet) &&
        accept_match(head, person, outlet, intro))
        return intro;
    // "Mi nombre es Héctor Tlatempa y represento al medio informativo Puntos Suspensivos Radio", "Shaila
    // Rosagel, corresponsal del Grupo Healy, El Imparcial, de Sonora": the verb or the word that says the
    // outlet is the speaker's own is cue enough, so what follows the outlet (a list of outlets, a city) may go on.
    static const Pattern spanish_cued(PRESSER_SENTENCE_START PRESSER_PERSON R"(,? (?:y )?(?:represento (?:a |al )|corresponsal (?:de |del |en )|vengo (?:de |del )|trabajo (?:en |para ))(?:el |la |los )?(?:medio |periódico |revista |portal |agencia |diario |canal |noticiero |programa |sitio |semanario |cadena |grupo )?(?:informativo |digital |de comunicación )?)" PRESSER_OUTLET);
    const bool spanish_cue = head.find("represento ") != std::string_view::npos ||
                             head.find("corresponsal ") != std::string_view::npos ||
                             head.find("vengo de") != std::string_view::npos || head.find("trabajo ") != std::string_view::npos;
    if (spanish_cue && RE2::PartialMatch(input, spanish_cued, &person, &outlet)) {
        intro.person = strip_lead_in(std::string(person.data(), person.size()));
        intro.outlet = std::string(outlet.data(), outlet.size());
        if (plausible_person(intro.person)) return intro;
    }
    bool anonymous_cue = head.find("I'm ") != std::string_view::npos || head.find("I am ") != std::string_view::npos;
    if (anonymous_cue && RE2::PartialMatch(input, english_anonymous, &outlet) &&
        accept_match(head, re2::StringPiece(), outlet, intro))
        return intro;
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
    for (std::string_view cue : {"go to", "Go to", "goes to", "turn to", "next", "Next", "over to", "go with", "hear from",
                                 "call on", "comes from", "question from"})
        if (text.find(cue) != std::string_view::npos) return true;
    return false;
}

// What the floor-giving pattern needs: one of its phrases, in any case, then a space and a capital.
bool floor_phrase_before_capital(std::string_view text) {
    // Each ends in o, s, n, h, m, f, e or a comma (checked first, below).
    static constexpr std::array<std::string_view, 15> kPhrases{"go to", "goes to", "turn to", "next is", "call on",
                                                              "over to", "go with", "hear from", "next,",
                                                              "comes from", "question from", "line of", "line with",
                                                              "line from", "next we have"};
    if (text.find("\xC5\xBF") != std::string_view::npos) return true;  // U+017F, which (?i) matches for 's'
    auto phrase_before = [&](std::size_t space) {
        // Most spaces before a capital follow a byte that ends no phrase.
        char last = space == 0 ? '\0' : text[space - 1];
        last = last >= 'A' && last <= 'Z' ? static_cast<char>(last | 0x20) : last;
        if (last != 'o' && last != 's' && last != 'n' && last != 'h' && last != 'm' && last != 'f' && last != 'e' &&
            last != ',')
            return false;
        for (std::string_view phrase : kPhrases) {
            if (phrase.back() != last || space < phrase.size()) continue;
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

// "Let's go to Howard at Reuters", "Next, Jeanna Smialek from the New York Times", an operator's "go to a
// line with Carla Angola with EVTV", "the line of Beatriz Pascual at EFE", "Next we have Dana Whitlow from
// the Courier", "Dana Whitlow of the Courier, your line is open".
std::optional<Introduction> find_floor_giving(std::string_view text) {
    static const Pattern english(R"((?i:go to|goes to|turn to|next is|call on|over to|go with|hear from|next,|comes from|question from|next we have) )"
                             R"((?:(?i:a |the )?(?i:line|lines) (?:of|with|from) )?)"
                             R"(()" PRESSER_UPPER R"((?:)" PRESSER_LETTER R"(|['’\-])+(?: )" PRESSER_UPPER R"((?:)" PRESSER_LETTER R"(|['’\-])+){0,2}) (?:at|from|with|of) )" PRESSER_OUTLET);
    // "Thank you. Marty Crutsinger, Associated Press." or "Howard from Reuters." ending a short turn.
    static const Pattern name_comma_outlet(R"(()" PRESSER_UPPER R"((?:)" PRESSER_LETTER R"(|['’\-])+(?: )" PRESSER_UPPER R"((?:)" PRESSER_LETTER R"(|['’\-])+){0,2})(?:,| from| at| with| of) )" PRESSER_OUTLET R"([.]?\s*$)");
    static const Pattern line_open(R"(()" PRESSER_UPPER R"((?:)" PRESSER_LETTER R"(|['’\-])+(?: )" PRESSER_UPPER R"((?:)" PRESSER_LETTER R"(|['’\-])+){0,2}) (?:at|from|with|of) )" PRESSER_OUTLET R"(,? (?i:your line is open))");
    Introduction intro;
    re2::StringPiece input(text.data(), text.size());
    if (floor_phrase_before_capital(text) && may_give_floor(text) && RE2::PartialMatch(input, english, &intro.person, &intro.outlet))
        return intro;
    if (text.find("line is open") != std::string_view::npos && RE2::PartialMatch(input, line_open, &intro.person, &intro.outlet))
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

// "Grupo Healy, El Imparcial": a list of outlets, when every part is one.
std::vector<std::string> outlet_list(const std::string& outlet) {
    std::vector<std::string> parts;
    for (std::size_t start = 0; start <= outlet.size();) {
        std::size_t comma = outlet.find(", ", start);
        parts.push_back(trim_copy(outlet.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 2;
    }
    if (parts.size() < 2) return {outlet};
    for (const std::string& part : parts)
        if (!plausible_outlet(part)) return {outlet};
    return parts;
}

void add_affiliation(model::Speaker& speaker, const std::string& outlet) {
    if (outlet.empty()) return;
    for (const std::string& part : outlet_list(outlet))
        if (std::find(speaker.affiliations.begin(), speaker.affiliations.end(), part) == speaker.affiliations.end())
            speaker.affiliations.push_back(part);
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

namespace {

// The words of the named speakers' names: "Jen" in "On Canada, Jen, I just…" addresses the briefer.
std::vector<std::string> speaker_name_words(const Workspace& work) {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < work.event.speakers.size(); ++i) {
        if (work.facts[i].label_class != LabelClass::named) continue;
        for (std::string& word : split_words(work.event.speakers[i].name)) words.push_back(std::move(word));
    }
    return words;
}

// The speaker an anonymous asker (`marker`) becomes once named or placed at an outlet; -1 when the name is
// an official's or the moderator's: a question is never merged into another side's turn.
int asker_speaker(Workspace& work, int marker, const std::string& person, const std::string& outlet) {
    model::Event& event = work.event;
    const std::string key = person.empty() ? work.facts[static_cast<std::size_t>(marker)].key + "|" + fold_key(outlet)
                                           : fold_key(person);
    for (std::size_t i = 0; i < work.facts.size(); ++i)
        if (work.facts[i].key == key && work.facts[i].label_class != LabelClass::question_marker) return -1;
    const std::string& alias = event.speakers[static_cast<std::size_t>(marker)].aliases.front();
    Label label = interpret_label(person.empty() ? alias : person,
                                  person.empty() ? LabelClass::question_marker : LabelClass::named);
    label.text = alias;
    label.key = key;
    label.role_hint = model::Role::journalist;
    label.label_class = LabelClass::question_marker;
    label.title.clear();
    int own = work.find_or_add_speaker(label);
    add_affiliation(event.speakers[static_cast<std::size_t>(own)], outlet);
    return own;
}

// The first bytes of a turn's first two paragraphs, where introductions stand.
std::string turn_head(const model::Turn& turn) {
    const std::string& first = turn.paragraphs[0].text;
    std::string joined = first.substr(0, kFloorBytes);
    if (first.size() < kIntroBytes && turn.paragraphs.size() > 1) {
        joined += " ";
        joined.append(turn.paragraphs[1].text, 0, kFloorBytes - joined.size());
    }
    return joined;
}

// "Go ahead.", "Next question.", "Adelante": the floor passes to someone else.
bool passes_floor(std::string_view text) {
    if (approximate_words(text) > 40) return false;
    for (std::string_view cue : {"Go ahead", "go ahead", "Next question", "next question", "Adelante", "adelante",
                                 "Last question", "last question", "Let's go", "Let’s go", "We'll go", "We’ll go"})
        if (text.find(cue) != std::string_view::npos) return true;
    return false;
}

// Who speaks under an anonymous question label, through the turns of one event.
struct AskerState {
    std::optional<Introduction> announced;  // the moderator's last introduction, for the next speaker
    int carried = -1;                       // the introduced asker, for their follow-ups under the same label
    int carried_marker = -1;                // the anonymous label they speak under
    bool self_introduced = false;           // the carried asker named themselves (no moderator did)
};

// "INTERLOCUTOR", "INTERLOCUTORA": a label for the one in dialogue with the official, which transcripts that
// also have a label for a new question ("PREGUNTA") use for the same asker's follow-ups.
bool follow_up_label(const SpeakerFacts& facts) {
    return facts.label_class == LabelClass::question_marker && (facts.key == "INTERLOCUTOR" || facts.key == "INTERLOCUTORA");
}

// The self-introduction or italic outlet at the start of an asker's turn, if any.
std::optional<Introduction> own_introduction(const Workspace& work, const model::Turn& turn, const std::string& head,
                                             const std::vector<std::string>& vocatives) {
    std::optional<Introduction> intro = find_self_introduction(head);
    std::string italic = italic_outlet(work.source_text, turn.paragraphs[0]);
    if (italic.empty() && turn.paragraphs.size() > 1) italic = italic_outlet(work.source_text, turn.paragraphs[1]);
    if (intro) intro->outlet = clean_outlet(intro->outlet);
    if (intro && !plausible_outlet(intro->outlet, vocatives)) intro.reset();
    std::string person = intro ? intro->person : "";
    italic = clean_outlet(italic);
    if (!person.empty() && italic.starts_with(person)) italic.clear();  // the name was set in italics
    if (!italic.empty() && !plausible_outlet(italic, vocatives)) italic.clear();
    if (italic.empty() && !intro) return std::nullopt;
    return Introduction{person, !italic.empty() ? italic : intro->outlet};
}

void introduce_turn(Workspace& work, model::Turn& turn, int index, AskerState& state,
                    const std::vector<std::string>& vocatives) {
    model::Event& event = work.event;
    const SpeakerFacts& facts = work.facts[static_cast<std::size_t>(index)];
    const bool anonymous_asker = facts.label_class == LabelClass::question_marker;
    const bool named_unknown = facts.label_class == LabelClass::named &&
                               (facts.hint == model::Role::unknown || facts.hint == model::Role::journalist);
    std::optional<Introduction> announced = std::move(state.announced);
    state.announced.reset();
    if (announced && named_unknown && first_name_matches(event.speakers[static_cast<std::size_t>(index)], announced->person))
        add_affiliation(event.speakers[static_cast<std::size_t>(index)], clean_outlet(announced->outlet));

    const std::string head = turn_head(turn);
    if (auto floor = find_floor_giving(head)) {
        floor->outlet = clean_outlet(floor->outlet);
        // An asker's "Sorry, Peter." introduces nobody: only the other side hands the floor on.
        if (!anonymous_asker && plausible_outlet(floor->outlet, vocatives) && plausible_person(floor->person))
            state.announced = floor;
        state.carried = -1;
        return;  // introducing someone else is not introducing oneself
    }
    if (facts.label_class == LabelClass::moderator_marker || passes_floor(head)) state.carried = -1;
    if (!anonymous_asker && !named_unknown) return;

    std::optional<Introduction> intro = own_introduction(work, turn, head, vocatives);
    if (named_unknown) {
        model::Speaker& speaker = event.speakers[static_cast<std::size_t>(index)];
        if (intro && (intro->person.empty() || same_first_name(speaker, intro->person))) add_affiliation(speaker, intro->outlet);
        return;
    }
    // An anonymous asker ("Q", "PREGUNTA") who introduces themselves, or whom the moderator has just
    // introduced, is a speaker of their own, and stays so for the follow-ups under the same label.
    const bool introduced = !intro && announced && !announced->person.empty();
    if (introduced) intro = Introduction{announced->person, clean_outlet(announced->outlet)};
    // An asker the moderator introduced goes on under the same label or a follow-up label; one who named
    // themselves only under a follow-up label (a bare "Q" after an answer may be anyone).
    const bool follows_up = follow_up_label(facts) || (!state.self_introduced && state.carried_marker == index);
    if (!intro && state.carried >= 0 && follows_up) {
        turn.speaker = event.speakers[static_cast<std::size_t>(state.carried)].id;
        return;
    }
    state.carried = -1;
    if (!intro) return;
    int own = asker_speaker(work, index, intro->person, intro->outlet);
    if (own < 0) return;
    turn.speaker = event.speakers[static_cast<std::size_t>(own)].id;
    if (introduced || !intro->person.empty()) {
        state.carried = own;
        state.carried_marker = index;
        state.self_introduced = !introduced;
    }
}

}  // namespace

void apply_introductions(Workspace& work) {
    model::Event& event = work.event;
    const std::size_t speakers_before = event.speakers.size();
    const std::vector<std::string> vocatives = speaker_name_words(work);
    AskerState state;
    for (model::Turn& turn : event.turns) {
        if (turn.speaker.empty() || turn.paragraphs.empty()) continue;
        int index = work.speaker_index(turn.speaker);
        if (index >= 0) introduce_turn(work, turn, index, state, vocatives);
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
