#include "ingest/damaged_labels.h"

#include <algorithm>

#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

constexpr std::size_t kShortestDamageable = 5;  // shorter labels ("Q", "PM") are too easily made by damage

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// Misread letters a label of this length may carry and still be recognised.
std::size_t allowed_damage(std::size_t length) { return length >= 8 ? 2 : length >= kShortestDamageable ? 1 : 0; }

// Where the text after the separator at `at` begins, when `at` holds a colon (`colon`) or a separator
// that stands for a lost or misread one; npos when the label cannot end there.
struct Ending {
    std::size_t body = std::string_view::npos;
    bool colon = false;
};

Ending ending_at(std::string_view line, std::size_t at) {
    if (at >= line.size()) return {};
    std::size_t after = at + 1;
    if (line[at] == ':' || line[at] == ',' || line[at] == ';') {
        if (after < line.size() && line[after] != ' ') return {};
        return {skip_horizontal_space(line, after), line[at] == ':'};
    }
    if (line[at] != ' ') return {};
    // Colon lost: the speech begins with a capitalised word ("It", "Is", "I").
    std::size_t body = skip_horizontal_space(line, at);
    if (body + 1 < line.size() && is_upper(line[body]) && (is_lower(line[body + 1]) || line[body + 1] == ' ')) return {body, false};
    return {};
}

struct Candidate {
    std::size_t damage;
    std::size_t consumed;
    std::string_view label;
};

// The best reading of `line` as `label` damaged, if any.
std::optional<Candidate> read_as(std::string_view line, std::string_view label) {
    if (label.size() < kShortestDamageable) return std::nullopt;
    std::optional<Candidate> best;
    const std::size_t longest = std::min(line.size(), label.size() + 2);
    for (std::size_t end = label.size() >= 2 ? label.size() - 2 : 0; end <= longest; ++end) {
        std::string_view written = line.substr(0, end);
        if (written.empty() || written.back() == ' ') continue;
        // Upper case throughout, but for a misread colon glued to the end ("MINISTERi").
        if (std::any_of(written.begin(), written.end() - 1, [](char c) { return is_lower(c); })) continue;
        Ending ending = ending_at(line, end);
        if (ending.body == std::string_view::npos) continue;
        std::size_t damage = 0;
        if (ending.colon) {
            damage = edit_distance(written, label);
            if (damage == 0 || damage > allowed_damage(label.size())) continue;
        } else {
            bool spelt_right = written == label;
            bool colon_glued = written.size() == label.size() + 1 && written.starts_with(label) && line[end] == ' ';
            if (!spelt_right && !colon_glued) continue;
        }
        if (!best || damage < best->damage) best = Candidate{damage, ending.body, label};
    }
    return best;
}

}  // namespace

std::optional<LabelMatch> match_damaged_label(std::string_view line, const std::vector<std::string>& document_labels) {
    if (line.empty() || !is_upper(line.front())) return std::nullopt;
    std::optional<Candidate> best;
    auto consider = [&](std::string_view label) {
        if (auto reading = read_as(line, label); reading && (!best || reading->damage < best->damage)) best = reading;
    };
    for (const std::string& label : document_labels) consider(label);
    for (std::string_view label : label_vocabulary()) consider(label);
    if (!best) return std::nullopt;
    std::optional<LabelMatch> intact = match_label(std::string(best->label) + ": ");
    if (!intact) return std::nullopt;
    intact->consumed = best->consumed;
    return intact;
}

}  // namespace presser::ingest
