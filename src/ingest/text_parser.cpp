// Plain text and Markdown transcripts.
//
// A paragraph is a run of non-blank lines (lines holding only spaces, U+00A0 or U+3000 are blank). A new
// paragraph also starts at a line that begins with a strong speaker label, and at an inline speaker tag
// (<NAME>…</NAME>) anywhere in a line. Markdown adds YAML front matter, headings and inline markup.
#include <re2/re2.h>

#include <cctype>
#include <cstdint>

#include "ingest/format_parsers.h"
#include "ingest/inline_markup.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

struct RawBlock {
    std::size_t start;  // byte offsets in the source text
    std::size_t end;
};

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

std::vector<RawBlock> split_blocks(std::string_view text, std::size_t begin, bool markdown) {
    std::vector<RawBlock> blocks;
    std::size_t block_start = std::string_view::npos;
    std::size_t block_end = 0;
    auto close = [&] {
        if (block_start != std::string_view::npos) blocks.push_back({block_start, block_end});
        block_start = std::string_view::npos;
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
            if (block_start != std::string_view::npos && (heading || opens_paragraph(line))) close();
            if (block_start == std::string_view::npos) block_start = line_start;
            block_end = line_end;
            if (heading) close();
        }
        line_start = line_end + 1;
    }
    close();

    // Inline speaker tags split a paragraph wherever they stand.
    std::vector<RawBlock> split;
    for (const RawBlock& block : blocks) {
        std::size_t start = block.start;
        std::size_t search = start + 1;
        // Searched within the block only: searching the rest of the text from every block is quadratic.
        std::string_view up_to_block_end = text.substr(0, block.end);
        for (;;) {
            std::size_t tag = up_to_block_end.find("<NAME>", search);
            if (tag == std::string_view::npos) break;
            split.push_back({start, tag});
            start = tag;
            search = tag + 1;
        }
        split.push_back({start, block.end});
    }
    return split;
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
            if (std::optional<LabelMatch> match = match_label(block)) {
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
    return draft;
}

}  // namespace presser::ingest
