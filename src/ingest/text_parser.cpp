// Plain text and Markdown transcripts.
//
// A paragraph is a run of non-blank lines (lines holding only spaces, U+00A0 or U+3000 are blank). A new
// paragraph also starts at a line that begins with a strong speaker label, and at an inline speaker tag
// (<NAME>…</NAME>) anywhere in a line. Markdown adds YAML front matter, headings and inline markup.
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include "ingest/format_parsers.h"
#include "ingest/inline_markup.h"
#include "ingest/section_headings.h"
#include "ingest/speaker_header_lines.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

struct RawBlock {
    std::size_t start;  // byte offsets in the source text
    std::size_t end;
    std::size_t wrap = std::string_view::npos;  // the line break inside a label hard-wrapped over two lines
    std::size_t untagged_name = 0;              // bytes of a name left out of the inline tags, at the start
};

constexpr std::size_t kWrappedHeadingBytes = 60;  // a heading line this long may go on over the next lines
constexpr std::size_t kHeadingContinuations = 2;

bool closes_quote(std::string_view value) {
    if (value.size() < 2 || value.back() != '"') return false;
    std::size_t backslashes = 0;
    for (std::size_t i = value.size() - 1; i > 1 && value[i - 1] == '\\'; --i) ++backslashes;
    return backslashes % 2 == 0;
}

// Appends code point `code` as UTF-8.
void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) out.push_back(static_cast<char>(code));
    else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        if (code >= 0xD800 && code <= 0xDFFF) return;
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x110000) {
        out.push_back(static_cast<char>(0xF0 | (code >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
}

// YAML double-quoted escapes that occur in scraped front matter ("Jen\_Psaki" is U+00A0).
std::string unquote_yaml(std::string_view value) {
    value = trim_view(value);
    if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
        std::string out;
        for (std::size_t i = 1; i + 1 < value.size(); ++i) {
            out.push_back(value[i]);
            if (value[i] == '\'' && value[i + 1] == '\'') ++i;
        }
        return out;
    }
    if (value.size() < 2 || value.front() != '"' || value.back() != '"') return std::string(value);
    std::string out;
    for (std::size_t i = 1; i + 1 < value.size(); ++i) {
        if (value[i] != '\\' || i + 2 >= value.size()) {
            out.push_back(value[i]);
            continue;
        }
        char e = value[++i];
        switch (e) {
            case '_': out += "\xC2\xA0"; break;
            case 'n': out.push_back('\n'); break;
            case 't': out.push_back('\t'); break;
            case 'N': out += "\xC2\x85"; break;
            case 'L': out += "\xE2\x80\xA8"; break;
            case 'P': out += "\xE2\x80\xA9"; break;
            case 'x':
            case 'u':
            case 'U': {
                std::size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                std::uint32_t code = 0;
                std::size_t read = 0;
                while (read < digits && i + 1 + read + 1 < value.size() && std::isxdigit(static_cast<unsigned char>(value[i + 1 + read]))) {
                    char h = value[i + 1 + read];
                    code = code * 16 + static_cast<std::uint32_t>(std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
                    ++read;
                }
                if (read == digits) {
                    append_utf8(out, code);
                    i += digits;
                } else {
                    out.push_back(e);
                }
                break;
            }
            default: out.push_back(e);
        }
    }
    return out;
}

// Front matter between a first line "---" and the next "---" or "..." line. Returns its end offset.
std::size_t read_front_matter(std::string_view text, std::size_t at, Draft& draft) {
    if (text.compare(at, 4, "---\n") != 0 && text.compare(at, 5, "---\r\n") != 0) return at;
    std::size_t line_start = text.find('\n', at) + 1;
    while (line_start < text.size()) {
        std::size_t line_end = text.find('\n', line_start);
        if (line_end == std::string_view::npos) line_end = text.size();
        std::string_view line = text.substr(line_start, line_end - line_start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line == "---" || line == "...") return std::min(text.size(), line_end + 1);
        if (auto colon = line.find(':'); colon != std::string_view::npos && line.front() != ' ') {
            std::string key = ascii_lower(trim_view(line.substr(0, colon)));
            std::string raw_value(trim_view(line.substr(colon + 1)));
            // A double-quoted scalar may go on over indented lines; a trailing backslash joins without a space.
            while (raw_value.starts_with('"') && !closes_quote(raw_value) && line_end < text.size()) {
                std::size_t next_end = text.find('\n', line_end + 1);
                if (next_end == std::string_view::npos) next_end = text.size();
                std::string_view next = trim_view(text.substr(line_end + 1, next_end - line_end - 1));
                if (raw_value.ends_with('\\')) raw_value.pop_back();
                else raw_value.push_back(' ');
                if (next.starts_with("\\ ")) next.remove_prefix(2), raw_value.push_back(' ');
                raw_value += next;
                line_end = next_end;
            }
            std::string value = collapse_spaces(unquote_yaml(raw_value));
            if (key == "title") draft.title = value;
            else if (key == "date") draft.declared_date = model::PartialDate::parse_iso(value.substr(0, 10));
            else if (key == "source_url" || key == "url" || key == "source") draft.source_url = value;
            else if (key == "lang" || key == "language") draft.language = value;
            else if (key == "organiser" || key == "organizer") draft.organiser = value;
            else if (key == "venue" || key == "location") draft.venue = value;
        }
        line_start = line_end + 1;
    }
    draft.warnings.push_back("front matter opened with '---' but never closed: read as text");
    return at;
}

// A line that opens a new paragraph even without a blank line before it.
bool opens_paragraph(std::string_view line) {
    std::optional<LabelMatch> match = match_label(line);
    if (!match || match->label.weak) return false;
    // "Q" followed by a space is a label only at a paragraph start; mid-paragraph it may be prose.
    std::string_view trimmed = trim_view(line);
    return !(match->label.text == "Q" && !trimmed.starts_with("Q:") && !trimmed.starts_with("Q."));
}

// Whether the first character after leading white space is '#'. Same as trim_view(text).starts_with('#')
// for a text that starts with a non-blank line, without trimming the end.
bool starts_heading(std::string_view text) {
    std::size_t at = skip_horizontal_space(text, 0);
    return at < text.size() && text[at] == '#';
}

bool is_horizontal_rule(std::string_view line) {
    // Most lines are ruled out by their first character, before trimming both ends.
    std::size_t first = skip_horizontal_space(line, 0);
    if (first >= line.size() || (line[first] != '-' && line[first] != '*' && line[first] != '_' && line[first] != '='))
        return false;
    std::string_view t = trim_view(line);
    if (t.size() < 3) return false;
    char c = t.front();
    if (c != '-' && c != '*' && c != '_' && c != '=') return false;
    for (char x : t)
        if (x != c && x != ' ') return false;
    return true;
}

bool is_connector(std::string_view word) {
    static constexpr std::array<std::string_view, 14> kConnectors{"DE", "DEL", "LA", "LAS", "LOS", "Y", "E", "EN",
                                                                   "OF", "AND", "THE", "FOR", "ON", "TO"};
    return std::find(kConnectors.begin(), kConnectors.end(), word) != kConnectors.end();
}

// A line that cannot end a label: it opens bold it does not close ("**NAME, DIRECTOR GENERAL DEL"), or is in
// capitals and ends in a comma or a word that joins ("... NACIONAL DE").
bool unfinished_label_line(std::string_view line) {
    std::string_view trimmed = trim_view(line);
    if (trimmed.empty() || trimmed.find(':') != std::string_view::npos || trimmed.find("：") != std::string_view::npos)
        return false;
    std::size_t bold = 0;
    for (std::size_t at = trimmed.find("**"); at != std::string_view::npos; at = trimmed.find("**", at + 2)) ++bold;
    if (trimmed.starts_with("**") && bold % 2 == 1) return true;
    if (std::any_of(trimmed.begin(), trimmed.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return false;
    if (trimmed.back() == ',') return true;
    std::size_t space = trimmed.rfind(' ');
    return space != std::string_view::npos && is_connector(trimmed.substr(space + 1));
}

// Whether `first` and `second` (consecutive lines) read as one strong label that runs over the break.
bool label_wraps(std::string_view first, std::string_view second) {
    if (!unfinished_label_line(first)) return false;
    if (first.ends_with('\r')) first.remove_suffix(1);
    std::string joined = std::string(first) + " " + std::string(second);
    std::optional<LabelMatch> match = match_label(joined);
    return match && !match->label.weak && match->consumed > first.size() + 1;
}

bool starts_image(std::string_view line) { return trim_view(line).starts_with("!["); }

// Where the first match of the untagged-name pattern below may begin, from `from` on: a sentence end, white
// space (\s: tab, line feed, form feed, carriage return, space), then two characters that may be capitals or
// the apostrophes and hyphen of a name (any non-ASCII character may be). npos when there is none: most
// turns, which then need not be searched by the pattern.
std::size_t untagged_name_candidate(std::string_view text, std::size_t from) {
    auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; };
    auto may_be_capital = [](unsigned char c) { return (c >= 'A' && c <= 'Z') || c >= 0x80; };
    for (std::size_t at = from; at < text.size(); ++at) {
        if (text[at] != '.' && text[at] != '?' && text[at] != '!') continue;
        std::size_t next = at + 1;
        while (next < text.size() && is_space(text[next])) ++next;
        if (next == at + 1 || next >= text.size() || !may_be_capital(static_cast<unsigned char>(text[next]))) continue;
        std::size_t second = next + std::min(utf8_sequence_length(static_cast<unsigned char>(text[next])), text.size() - next);
        if (second >= text.size()) continue;
        auto c = static_cast<unsigned char>(text[second]);
        if (may_be_capital(c) || c == '\'' || c == '-') return at;
    }
    return std::string_view::npos;
}

// In the inline-tag layout, a name in capitals followed by a full stop after a sentence, the shape of
// "<NAME>X</NAME>.", starts a turn even where the tags were left out.
void split_at_untagged_names(std::string_view text, RawBlock piece, std::vector<RawBlock>& out) {
    static const Pattern untagged(R"([.?!]\s+(\p{Lu}[\p{Lu}'’\-]+(?: \p{Lu}[\p{Lu}'’\-]+){1,3})\.\s+\p{Lu})");
    std::size_t from = piece.start + piece.untagged_name + 1;
    re2::StringPiece name;
    // The pattern's match begins at a candidate, so the search may start at the first one.
    while (from < piece.end && (from = untagged_name_candidate(text.substr(0, piece.end), from)) != std::string_view::npos &&
           RE2::PartialMatch(re2::StringPiece(text.data() + from, piece.end - from), untagged, &name)) {
        std::size_t at = static_cast<std::size_t>(name.data() - text.data());
        out.push_back({piece.start, at, piece.wrap, piece.untagged_name});
        piece = {at, piece.end, std::string_view::npos, name.size()};
        from = at + name.size();
    }
    out.push_back(piece);
}

std::vector<RawBlock> split_blocks(std::string_view text, std::size_t begin, bool markdown) {
    std::vector<RawBlock> blocks;
    RawBlock current{std::string_view::npos, 0};
    std::size_t lines = 0;               // lines of the current block
    bool heading_open = false;           // a long Markdown heading, which may go on over the next lines
    std::size_t heading_lines = 0;       // lines it went on over
    std::string_view first_line;
    auto close = [&] {
        if (current.start != std::string_view::npos) blocks.push_back(current);
        current = {std::string_view::npos, 0};
        heading_open = false;
    };
    std::size_t line_start = begin;
    while (line_start < text.size()) {
        std::size_t line_end = text.find('\n', line_start);
        if (line_end == std::string_view::npos) line_end = text.size();
        std::string_view line = text.substr(line_start, line_end - line_start);
        if (is_blank(line) || (markdown && is_horizontal_rule(line))) {
            close();
        } else {
            bool heading = markdown && starts_heading(line);
            bool opens = !heading && (opens_paragraph(line) || match_stamped_label(line));
            if (heading_open && !heading && !opens && !starts_image(line) && heading_lines < kHeadingContinuations) {
                // A long heading hard-wrapped: "# Versión estenográfica ... Lucía\nOrtega Pardo del 10 de junio".
                current.end = line_end;
                ++heading_lines;
                line_start = line_end + 1;
                continue;
            }
            if (heading_open) close();
            if (current.start != std::string_view::npos && (heading || opens)) {
                if (opens && lines == 1 && label_wraps(first_line, line)) current.wrap = line_start - 1;
                else close();
            }
            if (current.start == std::string_view::npos) {
                current.start = line_start;
                lines = 0;
                first_line = line;
            }
            current.end = line_end;
            ++lines;
            if (heading) {
                heading_open = line.size() >= kWrappedHeadingBytes;
                heading_lines = 0;
                if (!heading_open) close();
            }
        }
        line_start = line_end + 1;
    }
    close();

    // Inline speaker tags split a paragraph wherever they stand.
    const bool tagged = text.find("<NAME>", begin) != std::string_view::npos;
    std::vector<RawBlock> split;
    for (const RawBlock& block : blocks) {
        if (!tagged) {
            split.push_back(block);
            continue;
        }
        RawBlock piece = block;
        std::size_t search = piece.start + 1;
        // Searched within the block only: searching the rest of the text from every block is quadratic.
        std::string_view up_to_block_end = text.substr(0, block.end);
        for (;;) {
            std::size_t tag = up_to_block_end.find("<NAME>", search);
            if (tag == std::string_view::npos) break;
            split_at_untagged_names(text, {piece.start, tag, piece.wrap, 0}, split);
            piece = {tag, block.end};
            search = tag + 1;
        }
        split_at_untagged_names(text, piece, split);
    }
    return split;
}

// The label a block begins with: a name left out of the inline tags, a label wrapped over two lines (read
// with the line break as a space), or a label of the grammar.
std::optional<LabelMatch> find_label(std::string_view block, const RawBlock& raw) {
    if (raw.untagged_name > 0) {
        LabelMatch match{interpret_label(block.substr(0, raw.untagged_name), LabelClass::named), raw.untagged_name + 1};
        return match;
    }
    if (raw.wrap != std::string_view::npos) {
        std::string joined(block);
        std::size_t at = raw.wrap - raw.start;
        joined[at] = ' ';
        if (at > 0 && joined[at - 1] == '\r') joined[at - 1] = ' ';
        return match_label(joined);
    }
    return match_label(block);
}

}  // namespace

Draft parse_text_draft(const SourceText& source, bool markdown) {
    Draft draft;
    draft.source = source.path;
    draft.source_text = &source.text;
    draft.source_format = markdown ? "markdown" : "text";
    draft.source_encoding = source.encoding;
    draft.warnings = source.warnings;
    std::string_view text = source.text;
    std::size_t body = read_front_matter(text, source.bom_bytes, draft);

    for (const RawBlock& raw : split_blocks(text, body, markdown)) {
        std::string_view block = text.substr(raw.start, raw.end - raw.start);
        DraftBlock out;
        std::size_t body_start = 0;
        bool heading = markdown && starts_heading(block);
        if (!heading) {
            if (auto stamped = match_stamped_label(block.substr(0, block.find('\n')))) {
                out.label = std::move(stamped->match.label);
                body_start = stamped->match.consumed;
                out.time_offset = stamped->seconds;
            } else if (std::optional<LabelMatch> match = find_label(block, raw)) {
                out.label = std::move(match->label);
                body_start = match->consumed;
            }
        }
        std::string_view trimmed = trim_view(block.substr(body_start));
        std::size_t start = raw.start + static_cast<std::size_t>(trimmed.data() - block.data());
        out.paragraph.text = clean_inline(trimmed, markdown);
        out.paragraph.range = {start, start + trimmed.size()};
        out.paragraph.asides = find_asides(trimmed, start);
        out.heading = heading;
        if (out.label && out.label->weak) {
            // Kept so that TranscriptBuilder can undo a weak label it rejects.
            std::string_view whole = trim_view(block);
            std::size_t whole_start = raw.start + static_cast<std::size_t>(whole.data() - block.data());
            out.unlabeled = model::Paragraph{clean_inline(whole, markdown), {whole_start, whole_start + whole.size()},
                                             find_asides(whole, whole_start)};
        }
        if (out.paragraph.text.empty() && !out.label) continue;  // image-only or markup-only paragraphs
        if (heading && draft.title.empty()) draft.title = out.paragraph.text;
        draft.blocks.push_back(std::move(out));
    }
    mark_speaker_header_lines(draft.blocks, text);
    mark_section_headings(draft.blocks, text);
    return draft;
}

}  // namespace presser::ingest
