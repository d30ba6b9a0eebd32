#include "ingest/inline_markup.h"

#include <re2/re2.h>

#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

bool is_word_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           static_cast<unsigned char>(c) >= 0x80;
}

// Removes `![alt](url)` entirely and reduces `[text](url)` to its text.
std::string strip_images_and_links(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    std::size_t i = 0;
    while (i < raw.size()) {
        bool image = raw[i] == '!' && i + 1 < raw.size() && raw[i + 1] == '[';
        if (raw[i] == '[' || image) {
            std::size_t open = image ? i + 1 : i;
            std::size_t close = raw.find(']', open);
            if (close != std::string_view::npos && close + 1 < raw.size() && raw[close + 1] == '(') {
                std::size_t paren = raw.find(')', close + 2);
                if (paren != std::string_view::npos && paren - open < 2000) {
                    if (!image) out.append(raw.substr(open + 1, close - open - 1));
                    i = paren + 1;
                    continue;
                }
            }
        }
        out.push_back(raw[i]);
        ++i;
    }
    return out;
}

std::string strip_emphasis(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\' && i + 1 < text.size() && std::string_view("\\`*_{}[]()#+-.!").find(text[i + 1]) != std::string_view::npos) {
            out.push_back(text[++i]);
            continue;
        }
        if (c == '*') continue;
        if (c == '_') {
            bool inside_word = i > 0 && i + 1 < text.size() && is_word_byte(text[i - 1]) && is_word_byte(text[i + 1]);
            if (!inside_word) continue;
        }
        out.push_back(c);
    }
    return out;
}

// One pass, eight bytes at a time: find_first_of with a set calls memchr once per byte.
bool has_markdown_markup(std::string_view raw) {
    std::size_t i = 0;
    for (; i + 8 <= raw.size(); i += 8) {
        std::uint64_t word = load8(raw.data() + i);
        if (has_byte(word, '*') || has_byte(word, '_') || has_byte(word, '[') || has_byte(word, '\\') || has_byte(word, '#'))
            return true;
    }
    for (char c : raw.substr(i)) {
        switch (c) {
            case '*': case '_': case '[': case '\\': case '#': return true;
            default: break;
        }
    }
    return false;
}

std::string strip_heading_marks(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && text[i] == '#') ++i;
    if (i > 0 && (i == text.size() || text[i] == ' ')) return std::string(text.substr(i));
    return std::string(text);
}

}  // namespace

std::string clean_inline(std::string_view raw, bool markdown) {
    if (!markdown || !has_markdown_markup(raw)) return collapse_spaces(raw);
    std::string text = strip_images_and_links(raw);
    text = strip_heading_marks(trim_view(text));
    text = strip_emphasis(text);
    // A lone punctuation mark left behind by emphasis ("Soyapango _,_") rejoins its word.
    std::string folded = collapse_spaces(text);
    std::string out;
    out.reserve(folded.size());
    for (std::size_t i = 0; i < folded.size(); ++i) {
        if (folded[i] == ' ' && i + 1 < folded.size() && (folded[i + 1] == ',' || folded[i + 1] == '.' || folded[i + 1] == ';') &&
            (i + 2 == folded.size() || folded[i + 2] == ' '))
            continue;
        out.push_back(folded[i]);
    }
    return out;
}

std::vector<model::Aside> find_asides(std::string_view raw, std::uint64_t base) {
    // Transcribers' remarks, by language; matched case-insensitively inside parentheses or brackets.
    static const Pattern aside(
        R"((?i)([(\[]\s*(?:laughter|laughs|applause|crosstalk|cross-talk|inaudible|off-mic|off mic|audio gap|)"
        R"(pause|silence|no audio|technical difficulties|risas|aplausos|inaudible|falla de audio|sin audio|)"
        R"(se escucha|interrupci[óo]n|笑|掌声)[^()\[\]]{0,40}[)\]]))");
    std::vector<model::Aside> out;
    if (raw.find('(') == std::string_view::npos && raw.find('[') == std::string_view::npos) return out;
    re2::StringPiece input(raw.data(), raw.size());
    re2::StringPiece match;
    std::size_t offset = 0;
    while (offset < raw.size() &&
           aside.Match(input, offset, input.size(), RE2::UNANCHORED, &match, 1)) {
        std::size_t start = static_cast<std::size_t>(match.data() - raw.data());
        out.push_back({std::string(match.data(), match.size()), {base + start, base + start + match.size()}});
        offset = start + match.size();
        if (match.empty()) ++offset;
    }
    return out;
}

bool is_stage_direction(std::string_view clean_text) {
    std::string_view text = trim_view(clean_text);
    if (text.size() < 3) return false;
    bool parenthesised = (text.front() == '(' && text.back() == ')') || (text.front() == '[' && text.back() == ']') ||
                         (text.starts_with("（") && text.ends_with("）"));
    if (!parenthesised) return false;
    // One remark, not a parenthetical sentence: short and with no second opening bracket.
    return split_words(text).size() <= 16 && text.find('(', 1) == std::string_view::npos;
}

bool is_non_speech_line(std::string_view clean_text) {
    std::string_view text = trim_view(clean_text);
    if (text.empty() || text.size() > 40) return false;
    static const Pattern shape(
        R"([(\[]?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?\s?[Mm]\.?)?(?:\s+[A-Z]{2,4})?[)\]]?\.?|)"
        R"((?:\\?[-–—_*=~·•]\s*){3,}|)"
        R"([A-Z]{1,4}[ -]?\d{1,6}\.?)");
    return RE2::FullMatch(re2::StringPiece(text.data(), text.size()), shape);
}

bool is_source_note(std::string_view clean_text) {
    static const Pattern note(
        R"((?i)^(?:[(\[（]\s*)?(?:according to (?:the )?(?:text|transcript|webcast|video)|source:|transcript (?:by|courtesy)|)"
        R"(this transcript|end\b|-?\s*30\s*-?|###|完|结束|fuente:|fin de la conferencia|[-–—]{2,}\s*0\s*0\s*0\s*[-–—]{2,}))");
    std::string_view text = trim_view(clean_text);
    if (text.empty() || split_words(text).size() > 30) return false;
    return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), note) &&
           (text.size() < 12 || text.front() == '(' || text.front() == '[' || text.starts_with("（") ||
            ascii_lower(text).starts_with("according") || ascii_lower(text).starts_with("source") ||
            ascii_lower(text).starts_with("this transcript") || ascii_lower(text).starts_with("transcript"));
}

}  // namespace presser::ingest
