#include "ingest/structured_speakers.h"

#include <utility>

#include <algorithm>

#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

using model::Role;

struct RoleWord {
    std::string_view word;  // folded (upper case, no accents); matched as whole words
    Role role;
};

// In order of precedence: moderators ("Conference Operator"), the askers' own trades ("Research Analyst",
// "Editor-in-Chief"), offices ("Press Secretary"), then words that only lean towards the askers' side.
constexpr RoleWord kRoleWords[] = {
    {"OPERATOR", Role::moderator},       {"MODERATOR", Role::moderator},      {"MODERADOR", Role::moderator},
    {"MODERADORA", Role::moderator},     {"HOST", Role::moderator},           {"FACILITATOR", Role::moderator},
    {"MASTER OF CEREMONIES", Role::moderator},
    {"ANALYST", Role::journalist},       {"ANALYSTS", Role::journalist},      {"JOURNALIST", Role::journalist},
    {"JOURNALISTS", Role::journalist},   {"REPORTER", Role::journalist},      {"REPORTERS", Role::journalist},
    {"CORRESPONDENT", Role::journalist}, {"EDITOR", Role::journalist},        {"PERIODISTA", Role::journalist},
    {"REPORTERO", Role::journalist},     {"REPORTERA", Role::journalist},
    {"OFFICIAL", Role::official},        {"OFFICIALS", Role::official},       {"EXECUTIVE", Role::official},
    {"EXECUTIVES", Role::official},      {"MANAGEMENT", Role::official},      {"CORPORATE", Role::official},
    {"COMPANY", Role::official},         {"SPOKESPERSON", Role::official},    {"SPOKESMAN", Role::official},
    {"SPOKESWOMAN", Role::official},     {"CHIEF", Role::official},           {"OFFICER", Role::official},
    {"PRESIDENT", Role::official},       {"CEO", Role::official},             {"CFO", Role::official},
    {"DIRECTOR", Role::official},        {"MINISTER", Role::official},        {"SECRETARY", Role::official},
    {"CHAIR", Role::official},           {"CHAIRMAN", Role::official},        {"TREASURER", Role::official},
    {"PRESS", Role::journalist},         {"MEDIA", Role::journalist},         {"CONFERENCE CALL PARTICIPANTS", Role::journalist},
    {"QUESTIONER", Role::journalist},    {"CALLER", Role::journalist},
};

// "--", "|", " – ", " — " and " - " separate a participant's name, firm and title.
std::vector<std::string> split_participant(std::string_view line) {
    static const Pattern separators(R"(\s*(?:--+|\||\s[–—-]\s|[–—])\s*)");
    std::vector<std::string> parts;
    re2::StringPiece input(line.data(), line.size());
    re2::StringPiece match;
    std::size_t from = 0;
    while (separators.Match(input, from, input.size(), RE2::UNANCHORED, &match, 1)) {
        std::size_t at = static_cast<std::size_t>(match.data() - input.data());
        if (match.empty()) break;
        parts.push_back(trim_copy(line.substr(from, at - from)));
        from = at + match.size();
    }
    parts.push_back(trim_copy(line.substr(from)));
    std::erase_if(parts, [](const std::string& part) { return part.empty(); });
    return parts;
}

bool has_words(std::string_view folded_text, std::string_view words) {
    for (std::size_t at = folded_text.find(words); at != std::string_view::npos; at = folded_text.find(words, at + 1)) {
        bool starts = at == 0 || folded_text[at - 1] == ' ';
        std::size_t end = at + words.size();
        if (starts && (end == folded_text.size() || folded_text[end] == ' ')) return true;
    }
    return false;
}

// "corporate_participants", "Chief-Financial Officer" -> "CORPORATE PARTICIPANTS", "CHIEF FINANCIAL OFFICER".
std::string folded_words(std::string_view text) {
    std::string spaced;
    for (char c : text) spaced.push_back(c == '_' || c == '-' || c == '/' || c == ',' || c == '.' ? ' ' : c);
    return fold_key(spaced);
}

}  // namespace

Role role_from_words(std::string_view text) {
    std::string folded = folded_words(text);
    if (auto parsed = model::parse_role(ascii_lower(trim_view(text))); parsed && *parsed != Role::unknown) return *parsed;
    for (const RoleWord& word : kRoleWords)
        if (has_words(folded, word.word)) return word.role;
    return Role::unknown;
}

SpeakerEntry parse_participant_line(std::string_view line, Role group_role) {
    SpeakerEntry entry;
    std::vector<std::string> parts = split_participant(line);
    if (parts.size() == 1) {
        std::string_view only = parts.empty() ? std::string_view() : std::string_view(parts[0]);
        std::size_t comma = only.find(',');
        entry.name = trim_copy(only.substr(0, comma));
        if (comma != std::string_view::npos) entry.title = trim_copy(only.substr(comma + 1));
    } else {
        entry.name = parts.front();
        entry.title = parts.back();
        for (std::size_t i = 1; i + 1 < parts.size(); ++i) entry.affiliations.push_back(parts[i]);
    }
    entry.role = group_role;
    settle_role(entry);
    return entry;
}

void settle_role(SpeakerEntry& entry) {
    if (entry.role != Role::unknown) return;
    entry.role = role_from_words(entry.title);
    if (entry.role == Role::unknown && !entry.affiliations.empty() && entry.title.empty()) entry.role = Role::journalist;
}

void SpeakerDirectory::add(SpeakerEntry entry) {
    std::string key = fold_key(entry.name);
    if (key.empty()) return;
    for (auto& [known, existing] : entries_)
        if (known == key) {
            if (existing.title.empty()) existing.title = entry.title;
            if (existing.affiliations.empty()) existing.affiliations = entry.affiliations;
            if (existing.role == Role::unknown) existing.role = entry.role;
            return;
        }
    entries_.emplace_back(std::move(key), std::move(entry));
}

const SpeakerEntry* SpeakerDirectory::find(std::string_view name) const {
    std::string key = fold_key(name);
    for (const auto& [known, entry] : entries_)
        if (known == key) return &entry;
    return nullptr;
}

Label structured_label(std::string_view speaker, const SpeakerEntry* known, const SpeakerEntry& row) {
    std::string text = collapse_spaces(speaker);
    // "Theo Grant -- Harbor Securities -- Analyst" as the speaker itself: a participant line.
    std::optional<SpeakerEntry> written;
    if (!known && split_participant(text).size() >= 2) {
        written = parse_participant_line(text, Role::unknown);
        text = written->name;
        known = &*written;
    }
    Label label;
    std::optional<LabelMatch> match = match_label(text + ":");
    if (match && match->consumed >= text.size()) label = std::move(match->label);
    else label = interpret_label(text, LabelClass::named);
    label.weak = false;
    for (const SpeakerEntry* facts : {known, &row}) {
        if (!facts) continue;
        if (!facts->title.empty()) label.title = facts->title;
        if (!facts->affiliations.empty()) label.affiliations = facts->affiliations;
        if (facts->role != Role::unknown) label.role_hint = facts->role;
    }
    // A speaker named by a role alone ("Operator", "Unidentified Analyst") when nothing else says who they are.
    if (label.role_hint == Role::unknown && split_words(text).size() <= 3) label.role_hint = role_from_words(text);
    return label;
}

void append_row_blocks(Draft& draft, std::vector<model::Paragraph>& paragraphs, std::optional<Label> label,
                       std::optional<std::uint32_t> time) {
    for (model::Paragraph& paragraph : paragraphs) {
        DraftBlock block;
        block.paragraph = std::move(paragraph);
        block.label = std::exchange(label, std::nullopt);
        block.time_offset = std::exchange(time, std::nullopt);
        draft.blocks.push_back(std::move(block));
    }
}

}  // namespace presser::ingest
