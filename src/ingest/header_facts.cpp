// Facts stated in a transcript's title and opening narration: who organised it, where, and which
// speakers are the officials answering ("Foreign Minister Qin Gang answered questions", "Press Briefing
// by Press Secretary Jen Psaki", "外交部发言人华春莹主持例行记者会").
#include <re2/re2.h>

#include <algorithm>
#include <array>

#include "ingest/build_steps.h"
#include "ingest/label_grammar.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

// Words that may form an office before a name in English headers.
constexpr std::array<std::string_view, 52> kOfficeWords{
    "Press", "Secretary", "Minister", "Foreign", "Deputy", "Assistant", "Principal", "Spokesperson",
    "Spokesman", "Spokeswoman", "President", "Vice", "Chair", "Chairman", "National", "Security",
    "Advisor", "Adviser", "Director", "Coordinator", "Communications", "Senior", "Counselor", "Ambassador",
    "Governor", "General", "Admiral", "Prime", "State", "Defense", "Treasury", "Homeland", "Economic",
    "Council", "Commissioner", "Administrator", "Surgeon", "Attorney", "Chief", "Staff", "of", "the",
    "Special", "Envoy", "Climate", "Domestic", "Policy", "Strategic", "Presidente", "Secretario",
    "Canciller", "Chancellor"};

bool is_office_word(std::string_view word) {
    return std::find(kOfficeWords.begin(), kOfficeWords.end(), word) != kOfficeWords.end();
}

bool capitalised(std::string_view word) {
    return !word.empty() && ((word[0] >= 'A' && word[0] <= 'Z') || static_cast<unsigned char>(word[0]) >= 0xC3);
}

bool is_han_text(std::string_view text) {
    return !text.empty() && static_cast<unsigned char>(text[0]) >= 0xE3 && static_cast<unsigned char>(text[0]) <= 0xE9;
}

// Splits header text into words, treating punctuation as a stop.
std::vector<std::string> words_before(std::string_view text) {
    std::vector<std::string> words;
    std::string current;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\t') {
            if (!current.empty()) words.push_back(current);
            current.clear();
        } else if (c == ',' || c == '.' || c == ';' || c == ':' || c == '(' || c == ')' || c == '"') {
            if (!current.empty()) words.push_back(current);
            current.clear();
            words.push_back(".");  // a stop
        } else {
            current.push_back(c);
        }
    }
    if (!current.empty()) words.push_back(current);
    return words;
}

struct OfficeMention {
    std::string title;
    std::string first_names;  // "Jen" for "Press Secretary Jen Psaki" when the label said only "PSAKI"
};

// "Secretary of Fisheries Rowan Tull": the capitalised words after an office and "of" are the office's
// field, not first names; only the last of them is. Moves them (and the "of") from `first_names` to the
// office's end and from `before`.
std::vector<std::string> office_complement(std::vector<std::string>& before, std::vector<std::string>& first_names) {
    static constexpr std::array<std::string_view, 6> kLinks{"of", "for", "de", "del", "para", "on"};
    if (first_names.size() < 2 || before.size() < 2) return {};
    if (std::find(kLinks.begin(), kLinks.end(), before.back()) == kLinks.end() || !is_office_word(before[before.size() - 2]))
        return {};
    std::vector<std::string> office{before.back()};
    before.pop_back();
    office.insert(office.end(), first_names.begin(), first_names.end() - 1);
    first_names.erase(first_names.begin(), first_names.end() - 1);
    return office;
}

// Looks for `surname` in the header and reads the office written before it.
std::optional<OfficeMention> find_office(const std::string& header, const model::Speaker& speaker) {
    if (speaker.name.empty()) return std::nullopt;
    if (is_han_text(speaker.name)) {
        static const Pattern han_office(R"(((?:\p{Han}){0,10}?(?:发言人|部长|外长|主任|大使|司长|总理|主席|副部长|部长助理)))");
        std::size_t at = header.find(speaker.name);
        if (at == std::string::npos) return std::nullopt;
        std::string before = header.substr(at >= 30 ? at - 30 : 0, at >= 30 ? 30 : at);
        // Trim to the text after the last date or punctuation.
        static const Pattern tail(R"(((?:\p{Han})*?(?:发言人|部长|外长|主任|大使|司长|总理|主席))$)");
        std::string title;
        if (RE2::PartialMatch(before, tail, &title)) {
            static const Pattern date_prefix(R"(^.*日)");
            RE2::Replace(&title, date_prefix, "");
            if (!title.empty()) return OfficeMention{title, ""};
        }
        return std::nullopt;
    }
    std::vector<std::string> name_words = split_words(speaker.name);
    if (name_words.empty()) return std::nullopt;
    const std::string& surname = name_words.back();
    std::size_t at = header.find(surname);
    while (at != std::string::npos) {
        bool word_start = at == 0 || !std::isalpha(static_cast<unsigned char>(header[at - 1]));
        std::size_t end = at + surname.size();
        bool word_end = end >= header.size() || !std::isalpha(static_cast<unsigned char>(header[end]));
        if (word_start && word_end) break;
        at = header.find(surname, at + 1);
    }
    if (at == std::string::npos) return std::nullopt;
    std::vector<std::string> before = words_before(std::string_view(header).substr(at >= 120 ? at - 120 : 0, std::min<std::size_t>(at, 120)));
    // Drop the name words the label already had ("Qin" of "Qin Gang").
    std::size_t skip = name_words.size() - 1;
    while (skip > 0 && !before.empty() && before.back() == name_words[skip - 1]) {
        before.pop_back();
        --skip;
    }
    OfficeMention mention;
    std::vector<std::string> first_names;
    while (!before.empty() && capitalised(before.back()) && !is_office_word(before.back()) && first_names.size() < 3) {
        first_names.insert(first_names.begin(), before.back());
        before.pop_back();
    }
    std::vector<std::string> office = office_complement(before, first_names);
    if (office.empty() && first_names.size() > 2) return std::nullopt;  // three capitalised words: not "Office Name"
    while (!before.empty() && before.back() != "." && is_office_word(before.back())) {
        office.insert(office.begin(), before.back());
        before.pop_back();
    }
    while (!office.empty() && (office.front() == "of" || office.front() == "the")) office.erase(office.begin());
    if (office.empty() || !is_office_word(office.front())) return std::nullopt;
    mention.title = join_words(office, 0, office.size());
    mention.first_names = join_words(first_names, 0, first_names.size());
    return mention;
}

void find_organiser_and_venue(model::Event& event, const std::string& header) {
    if (event.organiser.empty()) {
        static const Pattern held(
            R"((?:^|\n)(?:The |the )?([^\n.]{3,120}?) (?:held|hosted|holds|hosts|convened|organi[sz]ed) (?:a|an|the|its) )");
        static const Pattern pipe(R"((?:^|\n)([^\n|]{3,80}?) \| )");
        std::string organiser;
        // `pipe` needs a '|', which most headers lack: memchr finds that out faster than the pattern.
        if (RE2::PartialMatch(header, held, &organiser) ||
            (header.find('|') != std::string::npos && RE2::PartialMatch(header, pipe, &organiser)))
            event.organiser = trim_copy(organiser);
    }
    if (event.venue.empty()) {
        static const Pattern venue_line(
            R"((?:^|\n)([^\n]{0,60}(?:Room|Hall|Palace|Palacio|Building|Auditorium|Aboard|Air Force One|Salón|Salon|Center|Centre|Via Teleconference|Teleconference|Residence)[^\n]{0,40})(?:\n|$))");
        static const Pattern desde(R"(desde (?:el |la )?((?:Palacio|Salón|Sal[oó]n|Casa|Centro)[^\n|]{0,60}))");
        // "Press Conference, Hobart", "DOORSTOP INTERVIEW, CANBERRA, 3 MAY 1977": the place after the kind of event.
        static const Pattern event_place(
            R"((?i)(?:^|\n)(?:joint )?(?:press conference|news conference|media conference|press briefing|doorstop(?: interview)?|interview|press statement)\s*[,:\x{2013}\x{2014}-]\s*((?-i:\p{Lu})[\p{L}.'’ ]{1,40}?)\s*(?:,|\n|$))");
        std::string venue;
        if (RE2::PartialMatch(header, event_place, &venue)) {
            event.venue = title_case_if_upper(trim_copy(venue));
            return;
        }
        if (RE2::PartialMatch(header, desde, &venue) || RE2::PartialMatch(header, venue_line, &venue)) {
            venue = trim_copy(venue);
            if (split_words(venue).size() <= 12) event.venue = venue;
        }
    }
}

// "answered questions", "主持例行记者会": the header says who answers.
bool header_names_answerer(const std::string& header) {
    static const Pattern answering(
        R"((?i)(answered|answers|briefing by|briefs|remarks by|gaggle by|press conference (?:by|with)|conference by|held a press|hosted|主持|答记者问|回答|conferencia de prensa|encabezad))");
    return RE2::PartialMatch(header, answering);
}

// "HARBOUR MASTER VASQUEZ" with a header naming "Harbour Master Elena Vasquez": the label's first words
// are an office and the header adds the first name. Only for labels in capitals, where case cannot tell
// an office from a name.
bool split_office_from_upper_label(model::Speaker& speaker, const std::string& header, const std::string& label) {
    if (!speaker.title.empty() || label != fold_key(label)) return false;
    std::vector<std::string> words = split_words(speaker.name);
    std::vector<std::string> header_words = split_words(header);
    for (std::size_t k = 1; k < words.size(); ++k) {
        for (std::size_t h = 0; h + words.size() + 1 <= header_words.size(); ++h) {
            bool office = true;
            for (std::size_t i = 0; i < k && office; ++i) office = fold_key(header_words[h + i]) == fold_key(words[i]);
            if (!office) continue;
            const std::string& first_name = header_words[h + k];
            if (!capitalised(first_name)) continue;
            bool rest = true;
            for (std::size_t i = k; i < words.size() && rest; ++i) {
                std::string word = header_words[h + i + 1];
                while (!word.empty() && std::string_view(".,;:").find(word.back()) != std::string_view::npos) word.pop_back();
                rest = fold_key(word) == fold_key(words[i]);
            }
            if (!rest) continue;
            speaker.title = join_words(header_words, h, h + k);
            speaker.name = first_name + " " + join_words(words, k, words.size());
            return true;
        }
    }
    return false;
}

}  // namespace

void apply_header_facts(Workspace& work, const Draft& draft) {
    model::Event& event = work.event;
    const std::string& header = work.header_text;
    find_organiser_and_venue(event, header);
    bool answering = header_names_answerer(header);
    for (std::size_t i = 0; i < event.speakers.size(); ++i) {
        model::Speaker& speaker = event.speakers[i];
        if (work.facts[i].label_class != LabelClass::named) continue;
        if (split_office_from_upper_label(speaker, header, speaker.aliases.front())) {
            if (answering) work.facts[i].role_from_header = true;
            continue;
        }
        std::optional<OfficeMention> mention = find_office(header, speaker);
        if (!mention) continue;
        // The header's fuller form of the label's office: "Secretary" -> "Secretary of Fisheries".
        if (speaker.title.empty() || (mention->title.size() > speaker.title.size() &&
                                      fold_key(mention->title).starts_with(fold_key(speaker.title) + " ")))
            speaker.title = mention->title;
        if (!mention->first_names.empty() && split_words(speaker.name).size() == 1)
            speaker.name = mention->first_names + " " + speaker.name;
        if (answering) work.facts[i].role_from_header = true;
    }
}

}  // namespace presser::ingest
