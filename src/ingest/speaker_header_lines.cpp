#include "ingest/speaker_header_lines.h"


#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>

#include "ingest/label_grammar.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

constexpr std::size_t kMaxHeaderBytes = 160;
constexpr std::size_t kMaxNameWords = 5;
constexpr std::size_t kMaxPartWords = 10;

// Separators between the name, the firm and the title: "Theo Grant -- Harbor Securities -- Analyst".
constexpr std::array<std::string_view, 3> kDashes{" -- ", " \xE2\x80\x94 ", " \xE2\x80\x93 "};

// Particles that may stand in a name without a capital: "Juan de la Fuente", "Ludwig van Beethoven".
constexpr std::array<std::string_view, 10> kParticles{"de", "del", "la", "van", "von", "da", "bin", "al", "le", "du"};

// Titles that make the one who bears them an asker: "-- Analyst", "-- Reporter".
constexpr std::array<std::string_view, 5> kAskerTitles{"ANALYST", "REPORTER", "JOURNALIST", "CORRESPONDENT", "EDITOR"};

// "Theo Grant", "María de la Luz Ortega", "J. R. Smith": capitalised words, no sentence punctuation.
bool name_like(std::string_view text) {
    std::vector<std::string> words = split_words(text);
    if (words.empty() || words.size() > kMaxNameWords || !starts_upper(words.front())) return false;
    for (const std::string& word : words) {
        if (std::find(kParticles.begin(), kParticles.end(), word) != kParticles.end()) continue;
        if (!starts_upper(word) || word.find_first_of("0123456789:;,?!()\"") != std::string::npos) return false;
        if (word.back() == '.' && word.size() > 3) return false;  // a sentence ends; "J." and "Jr." do not
    }
    return true;
}

std::vector<std::string> dash_parts(std::string_view line) {
    std::vector<std::string> parts;
    std::size_t from = 0;
    for (;;) {
        std::size_t best = std::string_view::npos;
        std::size_t length = 0;
        for (std::string_view dash : kDashes) {
            std::size_t at = line.find(dash, from);
            if (at < best) best = at, length = dash.size();
        }
        parts.push_back(trim_copy(line.substr(from, best == std::string_view::npos ? std::string_view::npos : best - from)));
        if (best == std::string_view::npos) return parts;
        from = best + length;
    }
}

bool names_an_asker(std::string_view title) {
    std::string folded = fold_key(title);
    return std::any_of(kAskerTitles.begin(), kAskerTitles.end(),
                       [&](std::string_view word) { return folded.find(word) != std::string::npos; });
}

// `Name -- Title` (someone on the organisers' side) or `Name -- Firm -- Analyst` (an asker and the
// firm they are with): the layout states the role.
std::optional<Label> dash_header(std::string_view line) {
    std::vector<std::string> parts = dash_parts(line);
    if (parts.size() < 2 || parts.size() > 4 || !name_like(parts.front())) return std::nullopt;
    for (std::size_t i = 1; i < parts.size(); ++i)
        if (parts[i].empty() || split_words(parts[i]).size() > kMaxPartWords || parts[i].back() == '.' ||
            parts[i].back() == '?')
            return std::nullopt;
    Label label = interpret_label(parts.front(), LabelClass::named);
    label.text = collapse_spaces(line);
    label.title = title_case_if_upper(parts.back());
    label.affiliations.assign(parts.begin() + 1, parts.end() - 1);
    std::string folded_title = fold_key(parts.back());
    if (names_an_asker(parts.back())) label.role_hint = model::Role::journalist;
    else if (folded_title == "OPERATOR" || folded_title.find("MODERA") != std::string::npos) label.role_hint = model::Role::moderator;
    else label.role_hint = model::Role::official;
    return label;
}

// "Operator", "Moderator", "Question", "Speaker 2": a row of the label grammar that names a role, not a person.
std::optional<Label> marker_header(std::string_view line) {
    std::string with_colon = std::string(line) + ":";
    std::optional<LabelMatch> match = match_label(with_colon);
    if (!match || match->consumed != with_colon.size() || match->label.text.size() < 2) return std::nullopt;
    switch (match->label.label_class) {
        case LabelClass::question_marker:
        case LabelClass::answer_marker:
        case LabelClass::moderator_marker:
        case LabelClass::voice: return match->label;
        default: return std::nullopt;
    }
}

// The paragraph's one source line, or "" when it spans lines or is too long to name a speaker.
std::string_view single_line(const DraftBlock& block, std::string_view source) {
    const model::ByteRange& range = block.paragraph.range;
    if (range.end > source.size() || range.start >= range.end || range.end - range.start > kMaxHeaderBytes) return {};
    std::string_view raw = source.substr(range.start, range.end - range.start);
    return raw.find('\n') == std::string_view::npos ? raw : std::string_view();
}

bool may_be_header(const DraftBlock& block, std::string_view source) {
    return !block.label && !block.heading && !block.editorial && !single_line(block, source).empty();
}

// A paragraph that may follow a header: no label, no heading, no name or header shape of its own.
bool is_speech(const DraftBlock& block) {
    const std::string& text = block.paragraph.text;
    return !block.label && !block.heading && !block.editorial && !text.empty() && !name_like(text) &&
           dash_parts(text).size() < 2;
}

bool has_strong_label(const std::vector<DraftBlock>& blocks) {
    return std::any_of(blocks.begin(), blocks.end(), [](const DraftBlock& b) { return b.label && !b.label->weak; });
}

}  // namespace

void mark_speaker_header_lines(std::vector<DraftBlock>& blocks, std::string_view source) {
    if (has_strong_label(blocks)) return;
    std::vector<std::optional<Label>> found(blocks.size());
    std::vector<bool> before_speech(blocks.size(), false);
    std::map<std::string, int> recurring;  // name-like lines before speech, by how often they stand so
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        if (!may_be_header(blocks[i], source)) continue;
        const std::string& line = blocks[i].paragraph.text;
        before_speech[i] = i + 1 < blocks.size() && is_speech(blocks[i + 1]);
        if ((found[i] = dash_header(line))) continue;
        if (!before_speech[i]) continue;
        if ((found[i] = marker_header(line))) continue;
        if (name_like(line)) ++recurring[fold_key(line)];
    }
    // Once the document shows two headers, a name heading a single turn is one too.
    std::size_t headers = static_cast<std::size_t>(std::count_if(found.begin(), found.end(), [](const auto& l) { return l.has_value(); }));
    for (const auto& [line, count] : recurring) headers += count >= 2 ? static_cast<std::size_t>(count) : 0;
    const int enough = headers >= 2 ? 1 : 2;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        if (!found[i] && before_speech[i] && recurring[fold_key(blocks[i].paragraph.text)] >= enough) {
            found[i] = interpret_label(blocks[i].paragraph.text, LabelClass::named);
            found[i]->weak = false;
        }
        if (!found[i]) continue;
        DraftBlock& block = blocks[i];
        block.label = std::move(found[i]);
        block.paragraph = model::Paragraph{"", {block.paragraph.range.end, block.paragraph.range.end}, {}};
        block.unlabeled.reset();
    }
}

}  // namespace presser::ingest
