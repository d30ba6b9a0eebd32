#include "ingest/label_grammar.h"

#include <re2/re2.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>

#include <algorithm>
#include <cctype>
#include <array>
#include <cstdlib>
#include <memory>
#include <numeric>
#include <unordered_map>

#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

using model::Role;

// The label grammar. Patterns are tried in order against the start of a paragraph from which Markdown
// emphasis (`*`, `_`) has been removed; group 1 is the label text. docs/labels.md documents each row.
// What the first byte of a match can be, read off the pattern: one of `ascii`, or any non-ASCII byte if
// `non_ascii`, or anything at all if `any`. match_label skips a pattern the first byte rules out, since
// RE2's per-call cost is far higher than one table lookup.
struct FirstBytes {
    std::string_view ascii;
    bool non_ascii = false;
    bool any = false;
};

constexpr FirstBytes kUpperCase{"ABCDEFGHIJKLMNOPQRSTUVWXYZ", true};  // \p{Lu}: A-Z or a multi-byte letter

struct LabelRule {
    std::string_view name;
    std::string_view pattern;
    LabelClass label_class;
    bool weak;
    FirstBytes first;
    std::string_view required = {};  // text every match contains
};

constexpr std::string_view kColon = R"((?:[ \t]|\x{00A0})*[:：])";

const std::array<LabelRule, 12> kRules{{
    // Inline speaker tags: <NAME>CHAIR POWELL</NAME>.
    {"inline-name-tag", R"(<NAME>\s*([^<]{1,120}?)\s*</NAME>\s*[.:：]?)", LabelClass::named, false, {"<"}},
    // Numbered unidentified speakers of automatic transcripts: "Speaker 2:", each a different person.
    {"numbered-speaker",
     R"(((?:UNIDENTIFIED SPEAKER|Unidentified Speaker|SPEAKER|Speaker|PARTICIPANT|Participant)(?:[ ]|\x{00A0})\d{1,3}))",
     LabelClass::voice, false, {"USP"}},
    // A voice from the room the transcript does not identify: "INTERVENCIÓN" asks only when it asks. Before the
    // question markers, which would read "INTERVENCIÓN" as an anonymous journalist.
    {"voice",
     R"(((?:VOZ|VOCES|INTERVENCI[ÓO]N)(?: (?:DE |EN )?[\p{Lu} ]{1,30})?|UNIDENTIFIED (?:SPEAKER|VOICE)|SPEAKER|PARTICIPANTE))",
     LabelClass::voice, false, {"VUSPI"}},
    // Question and answer markers.
    {"question-marker",
     R"((Q|QUESTION|REPORTER|JOURNALIST|QUESTIONER|AUDIENCE MEMBER|PREGUNTA|PREGUNTAS|INTERLOCUTORA?|INTERLOCUTORES|INTERVENCI[ÓO]N(?: (?:DE )?(?:HOMBRE|MUJER))?|问|提问|记者))",
     LabelClass::question_marker, false, {"QRJAPI", true}},
    {"bare-q", R"((Q)(?:[.]?(?:[ \t]|\x{00A0})+))", LabelClass::question_marker, false, {"Q"}},
    {"answer-marker", R"((A|ANSWER|RESPUESTA|答))", LabelClass::answer_marker, false, {"AR", true}},
    {"moderator-marker",
     R"(((?:THE |The )?(?:MODERATOR|Moderator|MODERADORA?|Moderadora?|OPERATOR|Operator|MASTER OF CEREMONIES|MAESTRA? DE CEREMONIAS|主持人)))",
     LabelClass::moderator_marker, false, {"TMO", true}},
    // "Reporters from Global Times and Global.com:"
    {"reporter-group", R"(((?:Reporters?|Journalists?|Correspondents?) (?:from|of|with) [^:：\n]{2,160}?))",
     LabelClass::reporter_group, false, {"RJC"}},
    // "法新社记者：", "《中国日报》记者："
    {"outlet-reporter", R"(((?:《[^》\n]{1,40}》|[^\s：:，。《》]{1,30}?)记者))", LabelClass::outlet_reporter, false,
     {"", true, true}, "记者"},
    // Names and offices in capitals: "MS. JEAN-PIERRE:", "MARCELO EBRARD CASAUBÓN, SECRETARIO DE ...:"
    {"upper-name", R"((\p{Lu}[\p{Lu}\p{M}0-9 .,'’\-/&()]{0,140}?))", LabelClass::named, false, kUpperCase},
    // Names in mixed case: "Qin Gang:", "Dr. Anthony Fauci:"
    {"mixed-name", R"((\p{Lu}[\p{L}\p{M}'’\-]*\.?(?:(?:[ ]|\x{00A0})(?:\p{Lu}[\p{L}\p{M}'’\-]*\.?|de|del|van|von|da|bin)){0,5}))",
     LabelClass::named, true, kUpperCase},
    // Chinese names: "汪文斌："
    {"han-name", R"((\p{Han}{2,4}))", LabelClass::named, true, {"", true}},
}};

// Rows whose pattern already ends the label (no colon follows).
bool ends_without_colon(std::string_view rule) { return rule == "inline-name-tag" || rule == "bare-q"; }

struct CompiledRule {
    const LabelRule* rule;
    std::unique_ptr<Pattern> regex;
    bool without_colon;
    std::array<bool, 256> may_begin;  // by first byte of the window
};

std::array<bool, 256> first_byte_table(const FirstBytes& first) {
    std::array<bool, 256> table{};
    for (std::size_t c = 0; c < table.size(); ++c) table[c] = first.any || (c >= 0x80 && first.non_ascii);
    for (char c : first.ascii) table[static_cast<unsigned char>(c)] = true;
    return table;
}

// Compiled once per process; the prefilter in match_label keeps most lines from reaching them.
const std::vector<CompiledRule>& compiled_rules() {
    static const std::vector<CompiledRule> rules = [] {
        std::vector<CompiledRule> out;
        for (const LabelRule& rule : kRules) {
            std::string pattern(rule.pattern);
            if (!ends_without_colon(rule.name)) pattern += std::string(kColon);
            out.push_back({&rule, std::make_unique<Pattern>(pattern), ends_without_colon(rule.name),
                           first_byte_table(rule.first)});
        }
        return out;
    }();
    return rules;
}

// Words that begin a paragraph with a colon but are not speakers.
constexpr std::array<std::string_view, 16> kNotLabels{
    "NOTE", "NOTA", "P.S.", "PS", "UPDATE", "EDITOR'S NOTE", "EDITOR’S NOTE", "HTTP", "HTTPS", "URL",
    "WATCH", "READ", "SOURCE", "FUENTE", "LINK", "TRANSCRIPT"};

constexpr std::array<std::string_view, 8> kHonorifics{"MR.", "MR", "MS.", "MS", "MRS.", "MRS", "DR.", "THE"};

// Offices that may open a label before the name ("CHAIR POWELL", "PRESIDENTE ANDRÉS ...").
constexpr std::array<std::string_view, 50> kTitleWords{
    "PRESS SECRETARY", "PRIME MINISTER", "VICE PRESIDENT", "FOREIGN MINISTER", "SECRETARY OF STATE",
    "CHIEF MINISTER", "TREASURER", "PREMIER", "CHANCELLOR", "JEFE DE GOBIERNO", "JEFA DE GOBIERNO",
    "SECRETARY GENERAL", "ATTORNEY GENERAL", "SURGEON GENERAL", "CHAIRMAN", "CHAIRWOMAN", "CHAIR",
    "PRESIDENTE", "PRESIDENTA", "PRESIDENT", "SECRETARY", "SECRETARIO", "SECRETARIA", "MINISTER",
    "MINISTRO", "MINISTRA", "GOVERNOR", "GOBERNADOR", "GOBERNADORA", "SENATOR", "SENADOR", "SENADORA",
    "AMBASSADOR", "EMBAJADOR", "EMBAJADORA", "GENERAL", "ADMIRAL", "ALMIRANTE", "DIRECTOR", "DIRECTORA",
    "SPOKESPERSON", "SPOKESMAN", "SPOKESWOMAN", "CANCILLER", "COMMISSIONER", "ADMINISTRATOR", "MAYOR",
    "ALCALDE", "ALCALDESA", "SPEAKER"};

// Offices and professions in a label, word by word (docs/labels.md, "Role words"): an office makes its
// speaker an official, a press profession a journalist, unless behaviour or a sidecar says otherwise.
struct RoleWord {
    std::string_view word;  // folded (capitals, no accents); Han words match inside the label
    Role role;
};

constexpr std::array<RoleWord, 95> kRoleWords{{
    {"OFFICIAL", Role::official}, {"OFFICIALS", Role::official}, {"SECRETARY", Role::official},
    {"SECRETARIO", Role::official}, {"SECRETARIA", Role::official}, {"SUBSECRETARIO", Role::official},
    {"SUBSECRETARIA", Role::official}, {"UNDERSECRETARY", Role::official}, {"PRESIDENT", Role::official},
    {"PRESIDENTE", Role::official}, {"PRESIDENTA", Role::official}, {"VICEPRESIDENTE", Role::official},
    {"VICEPRESIDENTA", Role::official}, {"PREMIER", Role::official}, {"MINISTER", Role::official},
    {"MINISTRO", Role::official}, {"MINISTRA", Role::official}, {"SPOKESPERSON", Role::official},
    {"SPOKESMAN", Role::official}, {"SPOKESWOMAN", Role::official}, {"VOCERO", Role::official},
    {"VOCERA", Role::official}, {"PORTAVOZ", Role::official}, {"CHAIR", Role::official},
    {"CHAIRMAN", Role::official}, {"CHAIRWOMAN", Role::official}, {"CHAIRPERSON", Role::official},
    {"GOVERNOR", Role::official}, {"GOBERNADOR", Role::official}, {"GOBERNADORA", Role::official},
    {"DIRECTOR", Role::official}, {"DIRECTORA", Role::official}, {"SUBDIRECTOR", Role::official},
    {"SUBDIRECTORA", Role::official}, {"AMBASSADOR", Role::official}, {"EMBAJADOR", Role::official},
    {"EMBAJADORA", Role::official}, {"ADMINISTRATOR", Role::official}, {"COORDINATOR", Role::official},
    {"COORDINADOR", Role::official}, {"COORDINADORA", Role::official}, {"ADVISOR", Role::official},
    {"ADVISER", Role::official}, {"ASESOR", Role::official}, {"ASESORA", Role::official},
    {"COMMISSIONER", Role::official}, {"COMISIONADO", Role::official}, {"COMISIONADA", Role::official},
    {"PROCURADOR", Role::official}, {"PROCURADORA", Role::official}, {"FISCAL", Role::official},
    {"ATTORNEY", Role::official}, {"COMANDANTE", Role::official}, {"COMMANDER", Role::official},
    {"GENERAL", Role::official}, {"ADMIRAL", Role::official}, {"ALMIRANTE", Role::official},
    {"TREASURER", Role::official}, {"TESORERO", Role::official}, {"TESORERA", Role::official},
    {"CANCILLER", Role::official}, {"CHANCELLOR", Role::official}, {"MAYOR", Role::official},
    {"ALCALDE", Role::official}, {"ALCALDESA", Role::official}, {"JEFE", Role::official},
    {"JEFA", Role::official}, {"TITULAR", Role::official}, {"SUPERINTENDENT", Role::official},
    {"SUPERINTENDENTE", Role::official}, {"CONSEJERO", Role::official}, {"CONSEJERA", Role::official},
    {"SURGEON", Role::official}, {"发言人", Role::official}, {"部长", Role::official},
    {"外长", Role::official}, {"司长", Role::official}, {"大使", Role::official},
    {"JOURNALIST", Role::journalist}, {"JOURNALISTS", Role::journalist}, {"REPORTER", Role::journalist},
    {"REPORTERS", Role::journalist}, {"CORRESPONDENT", Role::journalist}, {"PERIODISTA", Role::journalist},
    {"PERIODISTAS", Role::journalist}, {"REPORTERO", Role::journalist}, {"REPORTERA", Role::journalist},
    {"CORRESPONSAL", Role::journalist}, {"COLUMNISTA", Role::journalist}, {"COLUMNIST", Role::journalist},
    {"EDITOR", Role::journalist}, {"EDITORA", Role::journalist}, {"CRONISTA", Role::journalist},
    {"FOTOGRAFO", Role::journalist}, {"FOTOGRAFA", Role::journalist},
}};

// The role the words of a folded label name; a press profession wins over an office ("CORRESPONSAL EN LA
// PRESIDENCIA").
Role role_from_words(std::string_view folded) {
    std::string spaced(folded);
    for (char& c : spaced)
        if (c == ',' || c == '.' || c == '(' || c == ')' || c == '-' || c == '/' || c == '&') c = ' ';
    std::vector<std::string> words = split_words(spaced);
    Role role = Role::unknown;
    for (const RoleWord& entry : kRoleWords) {
        bool han = static_cast<unsigned char>(entry.word.front()) >= 0x80;
        bool found = han ? folded.find(entry.word) != std::string_view::npos
                         : std::find(words.begin(), words.end(), entry.word) != words.end();
        if (!found) continue;
        if (entry.role == Role::journalist) return Role::journalist;
        role = entry.role;
    }
    return role;
}

constexpr std::array<std::string_view, 20> kSmallWords{"de", "del", "la", "las", "los", "y", "e", "of", "the",
                                                       "and", "for", "on", "in", "to", "da", "do", "van",
                                                       "von", "el", "al"};

// Words that qualify the office after them: "DEPUTY PRIME MINISTER", "ACTING PREMIER".
constexpr std::array<std::string_view, 6> kOfficeQualifiers{"DEPUTY", "ACTING", "ASSISTANT", "ASSOCIATE",
                                                            "SHADOW", "INTERIM"};

// Words after an office that carry it on: "MINISTER FOR FISHERIES", "PRIME MINISTER OF FIJI".
constexpr std::array<std::string_view, 6> kOfficeConnectors{"OF", "FOR", "DE", "DEL", "TO", "ON"};

// Offices written as an abbreviation.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kOfficeAbbreviations{
    {{"PM", "PRIME MINISTER"}, {"DPM", "DEPUTY PRIME MINISTER"}}};

bool is_markup(char c) { return c == '*' || c == '_'; }

bool unnamed_official(std::string_view text) {
    std::vector<std::string> words = split_words(text);
    if (!words.empty() && std::all_of(words.back().begin(), words.back().end(), [](char c) { return c >= '0' && c <= '9'; }))
        words.pop_back();
    if (words.size() < 2 || words.size() > 6) return false;
    const std::string last = fold_key(words.back());
    return last == "OFFICIAL" || last == "FUNCIONARIO" || last == "FUNCIONARIA";
}

// A view of the first bytes of a block with Markdown emphasis removed, and a map back to block offsets.
struct Window {
    std::string text;
    std::vector<std::size_t> raw_offset;  // raw_offset[i] = offset in block of text[i]
};

constexpr std::size_t kWindowMax = 320;
// Patterns that end in a colon read the window up to its first colon and this many bytes after it.
constexpr std::size_t kAfterColon = 8;

// Built into a buffer reused by the thread: this runs for every line that may start with a label.
// Only the patterns without a colon read the whole window, and they begin with '<' or 'Q'; otherwise the
// window stops a little after its first colon (past the last byte the colon patterns read, and past any
// trimming of a split UTF-8 sequence, so what they read is unchanged).
const Window& make_window(std::string_view block, std::size_t start) {
    constexpr std::size_t kMax = kWindowMax;
    thread_local Window window;
    window.text.clear();
    window.raw_offset.clear();
    std::size_t limit = kMax;
    std::size_t i = start;
    while (i < block.size() && window.text.size() < limit) {
        // Bytes that are neither markup nor the end of a colon go in as a run.
        std::size_t run_end = i;
        const std::size_t run_limit = std::min(block.size(), i + (limit - window.text.size()));
        while (run_end < run_limit && !is_markup(block[run_end]) && block[run_end] != ':' && block[run_end] != '\x9A')
            ++run_end;
        if (run_end > i) {
            std::size_t before = window.text.size();
            window.text.append(block.data() + i, run_end - i);
            window.raw_offset.resize(window.text.size());
            std::iota(window.raw_offset.begin() + static_cast<std::ptrdiff_t>(before), window.raw_offset.end(), i);
            i = run_end;
            continue;
        }
        // A bold drop cap split from its word: "**P** **RESIDENTE ...:**" reads "PRESIDENTE".
        if (block[i] == '*' && i + 8 <= block.size() && block[i + 1] == '*' && block[i + 2] >= 'A' &&
            block[i + 2] <= 'Z' && block.compare(i + 3, 5, "** **") == 0) {
            window.text.push_back(block[i + 2]);
            window.raw_offset.push_back(i + 2);
            i += 8;
            continue;
        }
        if (is_markup(block[i])) {
            ++i;
            continue;
        }
        window.text.push_back(block[i]);
        window.raw_offset.push_back(i);
        ++i;
        if (limit == kMax && (window.text.back() == ':' || window.text.ends_with("：")) && window.text.front() != '<' &&
            window.text.front() != 'Q') {
            std::size_t colon = window.text.back() == ':' ? window.text.size() - 1 : window.text.size() - 3;
            limit = std::min(kMax, colon + kAfterColon + 4);
        }
    }
    // Never end the window inside a UTF-8 sequence.
    while (!window.text.empty() && (static_cast<unsigned char>(window.text.back()) & 0xC0) == 0x80) {
        std::size_t lead = window.text.size() - 1;
        while (lead > 0 && (static_cast<unsigned char>(window.text[lead]) & 0xC0) == 0x80) --lead;
        if (utf8_sequence_length(static_cast<unsigned char>(window.text[lead])) == window.text.size() - lead) break;
        window.text.resize(lead);
        window.raw_offset.resize(lead);
    }
    return window;
}

std::size_t count_words(std::string_view text) {
    std::size_t words = 0;
    bool in_word = false;
    for (char c : text) {
        bool space = c == ' ' || c == '\t';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

bool acceptable_upper_label(std::string_view text) {
    int letters = 0;
    for (char c : text)
        if ((c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80) ++letters;
    if (letters < 2 || count_words(text) > 14) return false;
    std::string folded = fold_key(text);
    return std::find(kNotLabels.begin(), kNotLabels.end(), folded) == kNotLabels.end();
}

std::vector<std::string> split_outlets(std::string_view list) {
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        std::string item = trim_copy(current);
        if (item.starts_with("the ")) item.erase(0, 4);
        if (!item.empty()) out.push_back(item);
        current.clear();
    };
    std::size_t i = 0;
    while (i < list.size()) {
        if (list.compare(i, 5, " and ") == 0) { flush(); i += 5; continue; }
        if (list.compare(i, 3, " & ") == 0) { flush(); i += 3; continue; }
        if (list.compare(i, 2, ", ") == 0) { flush(); i += 2; continue; }
        if (list.compare(i, 3, "、") == 0) { flush(); i += 3; continue; }
        current.push_back(list[i]);
        ++i;
    }
    flush();
    return out;
}

// How many words from `first` name an office: qualifiers, then an office of the table.
std::size_t office_length(const std::vector<std::string>& words, std::size_t first) {
    std::size_t at = first;
    while (at < words.size() &&
           std::find(kOfficeQualifiers.begin(), kOfficeQualifiers.end(), fold_key(words[at])) != kOfficeQualifiers.end())
        ++at;
    for (std::string_view title : kTitleWords) {
        std::size_t length = split_words(title).size();
        if (at + length <= words.size() && fold_key(join_words(words, at, at + length)) == title) return at + length - first;
    }
    return 0;
}

const icu::Normalizer2* nfd() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFDInstance(status);
    return U_SUCCESS(status) ? normalizer : nullptr;
}

}  // namespace

namespace {

// fold_key through ICU: canonical decomposition, combining marks dropped, upper case, white space collapsed.
std::string fold_key_with_icu(std::string_view text) {
    icu::UnicodeString source = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    icu::UnicodeString decomposed;
    UErrorCode status = U_ZERO_ERROR;
    if (const icu::Normalizer2* normalizer = nfd()) decomposed = normalizer->normalize(source, status);
    if (U_FAILURE(status) || decomposed.isEmpty()) decomposed = source;
    icu::UnicodeString folded;
    bool pending_space = false;
    for (int32_t i = 0; i < decomposed.length();) {
        UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK) continue;
        if (u_isUWhiteSpace(c)) {
            pending_space = !folded.isEmpty();
            continue;
        }
        if (pending_space) folded.append(static_cast<UChar>(' '));
        pending_space = false;
        folded.append(u_toupper(c));
    }
    std::string out;
    folded.toUTF8String(out);
    return out;
}


// What fold_key gives for each character of ASCII and of U+00C0..U+00FF (two bytes, C3 80..C3 BF), indexed
// by the character's last byte, computed once through ICU. These decompose into a base and at most one mark
// each, so a text of them alone folds character by character (no marks meet to be reordered), and Spanish and
// French labels ("ANDRÉS MANUEL LÓPEZ OBRADOR") need not convert to UTF-16 every time.
struct Latin1Folds {
    std::array<std::string, 128> ascii;
    std::array<std::string, 64> accented;  // U+00C0 + i
    std::array<bool, 128> space{};         // White_Space as ICU reads it (tab, line feed, vertical tab, form feed, carriage return, space)
};

const Latin1Folds& latin1_folds() {
    static const Latin1Folds folds = [] {
        Latin1Folds out;
        for (int c = 0; c < 128; ++c) {
            out.space[static_cast<std::size_t>(c)] = u_isUWhiteSpace(c);
            out.ascii[static_cast<std::size_t>(c)] = fold_key_with_icu(std::string(1, static_cast<char>(c)));
        }
        for (int i = 0; i < 64; ++i)
            out.accented[static_cast<std::size_t>(i)] =
                fold_key_with_icu(std::string{static_cast<char>(0xC3), static_cast<char>(0x80 + i)});
        return out;
    }();
    return folds;
}

bool ascii_and_latin1_letters(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) continue;
        if (c != 0xC3 || i + 1 >= text.size() || (static_cast<unsigned char>(text[i + 1]) & 0xC0) != 0x80) return false;
        ++i;
    }
    return true;
}

}  // namespace

std::string fold_key(std::string_view text) {
    if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        std::string out;
        out.reserve(text.size());
        bool pending_space = false;
        for (char c : text) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pending_space = !out.empty();
                continue;
            }
            if (pending_space) out.push_back(' ');
            pending_space = false;
            out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        }
        return out;
    }
    if (!ascii_and_latin1_letters(text)) return fold_key_with_icu(text);
    // As fold_key_with_icu does, character by character from the table.
    const Latin1Folds& folds = latin1_folds();
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80 && folds.space[c]) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        if (c < 0x80) {
            out += folds.ascii[c];
        } else {
            out += folds.accented[static_cast<unsigned char>(text[i + 1]) - 0x80];
            ++i;
        }
    }
    return out;
}

std::string title_case_if_upper(std::string_view text) {
    icu::UnicodeString source = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    for (int32_t i = 0; i < source.length();) {
        UChar32 c = source.char32At(i);
        if (u_islower(c)) return std::string(text);
        i += U16_LENGTH(c);
    }
    // ICU would open a word break iterator on every call without one; one per thread is reused.
    thread_local std::unique_ptr<icu::BreakIterator> words = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> iterator(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        return U_SUCCESS(status) ? std::move(iterator) : nullptr;
    }();
    source.toTitle(words.get(), icu::Locale::getRoot());
    std::string titled;
    source.toUTF8String(titled);
    // Particles stay lower case inside a name or office: "Secretario de Relaciones Exteriores".
    std::string out;
    std::size_t word_start = 0;
    for (std::size_t i = 0; i <= titled.size(); ++i) {
        if (i < titled.size() && titled[i] != ' ') continue;
        std::string word = titled.substr(word_start, i - word_start);
        std::string lower = word;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        bool small = word_start > 0 && std::find(kSmallWords.begin(), kSmallWords.end(), lower) != kSmallWords.end();
        out += small ? lower : word;
        if (i < titled.size()) out.push_back(' ');
        word_start = i + 1;
    }
    return out;
}

Label interpret_label(std::string_view raw_text, LabelClass label_class) {
    Label label;
    label.text = collapse_spaces(raw_text);
    label.label_class = label_class;
    // Anonymous markers: the role follows from the marker, the identity is the marker itself.
    auto marker = [&](Role role) {
        label.role_hint = role;
        label.key = fold_key(label.text);
        return label;
    };
    switch (label_class) {
        case LabelClass::question_marker: return marker(Role::journalist);
        case LabelClass::answer_marker: return marker(Role::official);
        case LabelClass::moderator_marker: return marker(Role::moderator);
        case LabelClass::voice:
            // "Speaker 2" is someone unidentified whose role their turns tell, unlike a voice from the room.
            if (label.text.find_first_of("0123456789") != std::string::npos) return marker(Role::unknown);
            return marker(Role::other);
        case LabelClass::reporter_group: {
            label.role_hint = Role::journalist;
            std::string_view rest = label.text;
            for (std::string_view joiner : {" from ", " of ", " with "}) {
                if (auto at = rest.find(joiner); at != std::string_view::npos) {
                    label.affiliations = split_outlets(rest.substr(at + joiner.size()));
                    break;
                }
            }
            label.key = "REPORTERS";
            for (const std::string& outlet : label.affiliations) label.key += "|" + fold_key(outlet);
            return label;
        }
        case LabelClass::outlet_reporter: {
            label.role_hint = Role::journalist;
            std::string outlet = label.text.substr(0, label.text.size() - std::string_view("记者").size());
            outlet = strip_chars(outlet, "《》");
            if (!outlet.empty()) label.affiliations.push_back(outlet);
            label.key = fold_key(label.text);
            return label;
        }
        case LabelClass::named:
            break;
    }

    // An official the transcript does not name ("SENIOR ADMINISTRATION OFFICIAL", "STATE DEPARTMENT OFFICIAL 2"):
    // the description is a title, nobody's name; a number tells such officials apart.
    if (unnamed_official(label.text)) {
        label.role_hint = Role::official;
        label.title = title_case_if_upper(label.text);
        label.key = fold_key(label.text);
        return label;
    }
    std::string name_part = label.text;
    std::string title_part;
    if (auto comma = name_part.find(','); comma != std::string::npos) {
        title_part = trim_copy(name_part.substr(comma + 1));
        name_part = trim_copy(name_part.substr(0, comma));
    }
    std::vector<std::string> words = split_words(name_part);
    std::size_t first = 0;
    if (first < words.size() &&
        std::find(kHonorifics.begin(), kHonorifics.end(), fold_key(words[first])) != kHonorifics.end())
        ++first;
    if (words.size() == first + 1) {
        const std::string word = fold_key(words[first]);
        for (const auto& [abbreviation, office] : kOfficeAbbreviations) {
            if (word != abbreviation) continue;
            words = split_words(office);
            first = 0;
            break;
        }
    }
    std::size_t title_end = first + office_length(words, first);
    // "MINISTER FOR FISHERIES": the rest of the label describes the office and names nobody.
    if (title_end > first && title_end < words.size() &&
        std::find(kOfficeConnectors.begin(), kOfficeConnectors.end(), fold_key(words[title_end])) != kOfficeConnectors.end())
        title_end = words.size();
    if (title_end > first) {
        std::string leading = join_words(words, first, title_end);
        title_part = title_part.empty() ? leading : leading + ", " + title_part;
        label.role_hint = Role::official;
    }
    name_part = join_words(words, title_end, words.size());
    // A "name" of nothing but combining marks (which identity keys drop) is no name.
    if (fold_key(name_part).empty()) name_part.clear();
    std::string folded_label = fold_key(label.text);
    label.role_hint = role_from_words(folded_label);
    if (folded_label.find("MODERA") != std::string::npos) label.role_hint = Role::moderator;

    label.title = title_case_if_upper(title_part);
    // An office alone ("THE PRESIDENT", "PM") is the speaker's title, not a name: the office is the identity.
    if (name_part.empty() && title_end > first) {
        label.key = fold_key(label.title);
        return label;
    }
    label.name = name_part.empty() ? title_case_if_upper(label.text) : title_case_if_upper(name_part);
    label.key = fold_key(label.name);
    if (label.key.empty()) label.key = label.text;  // a label of marks alone is still someone
    return label;
}

const std::vector<std::string_view>& label_vocabulary() {
    static const std::vector<std::string_view> vocabulary = [] {
        std::vector<std::string_view> words{"QUESTION", "ANSWER", "JOURNALIST", "REPORTER", "MODERATOR", "OPERATOR",
                                            "PREGUNTA", "RESPUESTA", "INTERLOCUTOR", "INTERLOCUTORA"};
        words.insert(words.end(), kTitleWords.begin(), kTitleWords.end());
        return words;
    }();
    return vocabulary;
}

// Transcripts repeat the same few labels thousands of times ("Q", "MS. PSAKI"): interpret each once per
// thread. The cache is cleared when it grows large, so memory stays bounded.
Label cached_interpretation(std::string_view text, LabelClass label_class) {
    thread_local std::unordered_map<std::string, Label> cache;
    std::string key(text);
    key.push_back(static_cast<char>('0' + static_cast<int>(label_class)));
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    if (cache.size() > 4096) cache.clear();
    return cache.emplace(std::move(key), interpret_label(text, label_class)).first->second;
}

// Every label ends in a colon, is a <NAME> tag or is a bare "Q": most prose lines are ruled out here,
// before any pattern runs.
constexpr std::size_t kLabelReach = 240;  // bytes within which a label's colon must stand (markup included)

bool may_start_with_label(std::string_view block, std::size_t start) {
    std::string_view head = block.substr(start, kLabelReach);
    while (!head.empty() && is_markup(head.front())) head.remove_prefix(1);
    if (head.empty()) return false;
    if (head.starts_with("<NAME>")) return true;
    if (head.front() == 'Q' && (head.size() == 1 || head[1] == ' ' || head[1] == '.' || head[1] == '\t' ||
                                head.substr(1).starts_with("\xC2\xA0")))
        return true;
    return head.find(':') != std::string_view::npos || head.find("：") != std::string_view::npos;
}

// End of the window's first colon (ASCII or full width), or npos.
std::size_t first_colon_end(const std::string& window) {
    std::size_t ascii = window.find(':');
    std::size_t wide = window.find("：");
    if (ascii == std::string::npos && wide == std::string::npos) return std::string::npos;
    return ascii < wide ? ascii + 1 : wide + std::string_view("：").size();
}

// The window up to its first colon (and the colon's bytes and what may follow it): labels that end in a
// colon end at the first one, so the patterns need not read further.
re2::StringPiece through_first_colon(const std::string& window) {
    std::size_t ascii = window.find(':');
    std::size_t wide = window.find("：");
    std::size_t colon = std::min(ascii, wide);
    if (colon == std::string::npos) return re2::StringPiece(window);
    return re2::StringPiece(window.data(), std::min(window.size(), colon + kAfterColon));
}

// Which row of the grammar a window begins with, and where its label text stands in the window.
struct RuleOutcome {
    const CompiledRule* rule = nullptr;  // none: the window does not begin with a label
    std::size_t text_start = 0;          // group 1
    std::size_t text_size = 0;
    std::size_t match_size = 0;          // group 0
};

RuleOutcome first_matching_rule(const std::string& window) {
    const re2::StringPiece whole(window);
    const re2::StringPiece short_input = through_first_colon(window);
    re2::StringPiece groups[2];
    const auto first = static_cast<unsigned char>(window.front());
    for (const CompiledRule& compiled : compiled_rules()) {
        if (!compiled.may_begin[first]) continue;
        const re2::StringPiece& input = compiled.without_colon ? whole : short_input;
        const std::string_view required = compiled.rule->required;
        if (!required.empty() && input.find(re2::StringPiece(required.data(), required.size())) == re2::StringPiece::npos)
            continue;
        // Whether it matches at all first: without groups RE2 answers with its DFA, while asking for groups
        // makes it start a backtracking engine on every call.
        if (!compiled.regex->Match(input, 0, input.size(), RE2::ANCHOR_START, nullptr, 0)) continue;
        if (!compiled.regex->Match(input, 0, input.size(), RE2::ANCHOR_START, groups, 2)) continue;
        std::string_view text(groups[1].data(), groups[1].size());
        const LabelRule& rule = *compiled.rule;
        // "<NAME>\u00A0</NAME>": a label of white space names nobody.
        if (collapse_spaces(text).empty()) continue;
        if (rule.name == "upper-name" && !acceptable_upper_label(text)) continue;
        if (rule.name == "mixed-name" && std::find(kNotLabels.begin(), kNotLabels.end(), fold_key(text)) != kNotLabels.end())
            continue;
        return {&compiled, static_cast<std::size_t>(groups[1].data() - window.data()), groups[1].size(), groups[0].size()};
    }
    return {};
}

// "Q: …", "Q  On the bridge tolls", "Q. And…": what the rows that may begin with 'Q' conclude, read by a
// byte scan (question-marker: "Q", horizontal space, a colon; bare-q: "Q", an optional dot, horizontal
// space). Nothing when the window goes on otherwise ("QUESTION:", "Qin Gang:", "Q.:"): the patterns decide.
std::optional<RuleOutcome> bare_q_outcome(std::string_view window) {
    static const auto rule_named = [](std::string_view name) {
        for (const CompiledRule& compiled : compiled_rules())
            if (compiled.rule->name == name) return &compiled;
        return static_cast<const CompiledRule*>(nullptr);
    };
    static const CompiledRule* const question_marker = rule_named("question-marker");
    static const CompiledRule* const bare_q = rule_named("bare-q");
    auto space_end = [&window](std::size_t at) {
        for (;;) {
            if (at < window.size() && (window[at] == ' ' || window[at] == '\t')) ++at;
            else if (window.compare(at, 2, "\xC2\xA0") == 0) at += 2;
            else return at;
        }
    };
    const bool dot = window.size() > 1 && window[1] == '.';
    const std::size_t after_q = dot ? 2 : 1;
    const std::size_t spaces_end = space_end(after_q);
    if (!dot && spaces_end < window.size() && window[spaces_end] == ':')
        return RuleOutcome{question_marker, 0, 1, spaces_end + 1};
    if (!dot && window.compare(spaces_end, 3, "：") == 0) return RuleOutcome{question_marker, 0, 1, spaces_end + 3};
    if (spaces_end > after_q) return RuleOutcome{bare_q, 0, 1, spaces_end};
    return std::nullopt;
}

struct TransparentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// The patterns with a colon cannot read past the window's first colon (their classes exclude colons), except
// outlet-reporter, whose 《…》 may hold one. So what a window that begins with neither '<' nor 'Q' (the
// patterns without a colon) and holds no "记者" begins with depends only on its text through that colon.
// Transcripts repeat their labels thousands of times: the outcome is remembered per thread, for short
// prefixes (long ones are prose), and the memory is bounded by clearing.
// "<NAME>CHAIR POWELL</NAME>." opens every turn of the inline-tag layout. inline-name-tag, the first row
// tried, reads nothing past its closing tag, the white space after it (\s) and one punctuation mark (at most
// three bytes): the length of that prefix, when the window holds it whole.
std::optional<std::size_t> name_tag_prefix(const std::string& window) {
    if (!window.starts_with("<NAME>")) return std::nullopt;
    std::size_t close = window.find('<', 1);
    if (close == std::string::npos || window.compare(close, 7, "</NAME>") != 0) return std::nullopt;
    std::size_t end = close + 7;
    while (end < window.size() && (window[end] == ' ' || window[end] == '\t' || window[end] == '\n' ||
                                   window[end] == '\r' || window[end] == '\f'))
        ++end;
    if (end + 3 > window.size()) return std::nullopt;
    return end + 3;
}

RuleOutcome cached_first_matching_rule(const std::string& window) {
    constexpr std::size_t kLongestRemembered = 160;
    thread_local std::unordered_map<std::string, RuleOutcome, TransparentHash, std::equal_to<>> cache;
    std::size_t colon_end = first_colon_end(window);
    const char first = window.front();
    if (first == 'Q') {
        if (std::optional<RuleOutcome> outcome = bare_q_outcome(window)) return *outcome;
    }
    if (first == '<') {
        // Only inline-name-tag's matches are remembered: whatever else a window beginning with '<' gives may
        // depend on more than the prefix.
        std::optional<std::size_t> prefix_size = name_tag_prefix(window);
        if (!prefix_size) return first_matching_rule(window);
        std::string_view prefix = std::string_view(window).substr(0, *prefix_size);
        if (auto it = cache.find(prefix); it != cache.end()) return it->second;
        RuleOutcome outcome = first_matching_rule(window);
        if (outcome.rule && outcome.rule->rule->name == "inline-name-tag") {
            if (cache.size() > 4096) cache.clear();
            cache.emplace(std::string(prefix), outcome);
        }
        return outcome;
    }
    if (first == 'Q' || colon_end == std::string::npos || colon_end > kLongestRemembered ||
        window.find("记者") < colon_end + kAfterColon)
        return first_matching_rule(window);
    std::string_view prefix = std::string_view(window).substr(0, colon_end);
    if (auto it = cache.find(prefix); it != cache.end()) return it->second;
    if (cache.size() > 4096) cache.clear();
    RuleOutcome outcome = first_matching_rule(window);
    cache.emplace(std::string(prefix), outcome);
    return outcome;
}

namespace {

// The match of a label whose text is `text` and whose last byte (in the block) ends at `raw_end`.
LabelMatch label_match(std::string_view block, std::size_t raw_end, std::string_view text, const RuleOutcome& outcome) {
    // The colon's trailing bytes (full-width colon is 3 bytes) are contiguous in the raw block.
    while (raw_end < block.size() && (static_cast<unsigned char>(block[raw_end]) & 0xC0) == 0x80) ++raw_end;
    // Markup closing the label and the spaces after it belong to the label, not the paragraph.
    for (;;) {
        std::size_t next = skip_horizontal_space(block, raw_end);
        while (next < block.size() && is_markup(block[next])) ++next;
        if (next == raw_end) break;
        raw_end = next;
    }
    LabelMatch match;
    match.label = cached_interpretation(text, outcome.rule->rule->label_class);
    match.label.weak = outcome.rule->rule->weak;
    match.consumed = raw_end;
    return match;
}

// "<NAME>NANCY MARSHALL</NAME>-GENZER.": a closing tag set inside a hyphenated name. Letters joined to the
// closing tag by a hyphen continue the name (a name's part never begins a turn's speech with a hyphen);
// the length of that continuation in `after`, with the punctuation that ends the label.
std::size_t hyphenated_name_continuation(std::string_view after, std::size_t& punctuation) {
    std::size_t at = 0;
    auto letter = [](unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80; };
    while (at + 1 < after.size() && after[at] == '-' && letter(static_cast<unsigned char>(after[at + 1]))) {
        ++at;
        while (at < after.size() && (letter(static_cast<unsigned char>(after[at])) || after[at] == '\'' ||
                                     after.substr(at).starts_with("’")))
            at += after.substr(at).starts_with("’") ? std::string_view("’").size() : 1;
    }
    punctuation = at > 0 && at < after.size() && (after[at] == '.' || after[at] == ':') ? 1 : 0;
    return at;
}

}  // namespace

std::optional<LabelMatch> match_label(std::string_view block) {
    std::size_t start = skip_horizontal_space(block, 0);
    if (!may_start_with_label(block, start)) return std::nullopt;
    // "Q: …", "Q  On the bridge…" with no markup up to the byte after the label: those bytes of the block are
    // the window's, so the window (up to 320 bytes copied with their offsets) need not be made.
    if (block[start] == 'Q') {
        const std::string_view head = block.substr(start, kWindowMax);
        const std::optional<RuleOutcome> outcome = bare_q_outcome(head);
        if (outcome && outcome->match_size < head.size() && !is_markup(head[outcome->match_size]))
            return label_match(block, start + outcome->match_size, head.substr(0, 1), *outcome);
    }
    const Window& window = make_window(block, start);
    if (window.text.empty()) return std::nullopt;
    const RuleOutcome outcome = cached_first_matching_rule(window.text);
    if (!outcome.rule) return std::nullopt;
    std::string_view text = std::string_view(window.text).substr(outcome.text_start, outcome.text_size);
    std::size_t window_end = outcome.match_size;
    if (outcome.rule->rule->name == "inline-name-tag") {
        std::size_t punctuation = 0;
        std::string_view after = std::string_view(window.text).substr(window_end);
        if (std::size_t continuation = hyphenated_name_continuation(after, punctuation); continuation > 0) {
            const std::string joined = std::string(text) + std::string(after.substr(0, continuation));
            window_end += continuation + punctuation;
            return label_match(block, window.raw_offset[window_end - 1] + 1, joined, outcome);
        }
    }
    std::size_t raw_end = window_end == 0 ? start : window.raw_offset[window_end - 1] + 1;
    return label_match(block, raw_end, text, outcome);
}

std::optional<StampedLabel> match_stamped_label(std::string_view line) {
    std::string_view trimmed = trim_view(line);
    if (trimmed.size() < 6 || (trimmed.back() != ')' && trimmed.back() != ']')) return std::nullopt;
    std::optional<LabelMatch> match = match_label(line);
    if (!match) return std::nullopt;
    static const Pattern stamp(R"([(\[](?:(\d{1,2}):)?(\d{1,2}):(\d{2})[)\]]\s*)");
    std::string_view rest = line.substr(match->consumed);
    std::string hours;
    int minutes = 0;
    int seconds = 0;
    if (!RE2::FullMatch(re2::StringPiece(rest.data(), rest.size()), stamp, &hours, &minutes, &seconds)) return std::nullopt;
    if (seconds > 59 || (!hours.empty() && minutes > 59)) return std::nullopt;
    StampedLabel stamped{std::move(*match), 0};
    stamped.match.label.weak = false;  // the stamp leaves no doubt that the line names a speaker
    stamped.match.consumed = line.size();
    stamped.seconds = static_cast<std::uint32_t>((hours.empty() ? 0 : std::stoi(hours)) * 3600 + minutes * 60 + seconds);
    return stamped;
}

}  // namespace presser::ingest
