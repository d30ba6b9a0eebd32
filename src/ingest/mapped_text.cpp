#include "ingest/mapped_text.h"

#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

bool is_line_break(char c) { return c == '\n' || c == '\r'; }

// End of the blank-line run that starts at `at` (a line break), or `at` when the break ends no paragraph.
std::size_t blank_run_end(std::string_view text, std::size_t at) {
    std::size_t breaks = 0, i = at;
    while (i < text.size()) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        if (is_line_break(text[i])) {
            ++breaks;
            ++i;
            continue;
        }
        std::size_t space = horizontal_space_length(text, i);
        if (space == 0) break;
        i += space;
    }
    return breaks >= 2 ? i : at;
}

void add_paragraph(const MappedText& speech, std::size_t from, std::size_t to, std::vector<model::Paragraph>& out) {
    std::string_view text(speech.text);
    while (from < to && (is_line_break(text[from]) || horizontal_space_length(text, from) > 0))
        from += is_line_break(text[from]) ? 1 : horizontal_space_length(text, from);
    // Trailing space: step back over whole characters (white space is ASCII or a complete sequence).
    while (to > from) {
        std::size_t last = to - 1;
        while (last > from && (static_cast<unsigned char>(text[last]) & 0xC0) == 0x80) --last;
        if (!is_line_break(text[last]) && horizontal_space_length(text, last) == 0) break;
        to = last;
    }
    if (from >= to) return;
    model::Paragraph paragraph;
    paragraph.text = collapse_spaces(text.substr(from, to - from));
    if (paragraph.text.empty()) return;
    // The end is where the next byte came from: past the last escape whole, however many bytes it made.
    paragraph.range = {speech.origin[from], speech.origin[to]};
    out.push_back(std::move(paragraph));
}

}  // namespace

void MappedText::append(std::string_view bytes, std::uint64_t source_offset) {
    text.append(bytes);
    origin.insert(origin.end(), bytes.size(), source_offset);
}

void MappedText::finish(std::uint64_t source_end) { origin.push_back(source_end); }

MappedText verbatim(std::string_view bytes, std::uint64_t start) {
    MappedText out;
    out.text.assign(bytes);
    out.origin.reserve(bytes.size() + 1);
    for (std::size_t i = 0; i <= bytes.size(); ++i) out.origin.push_back(start + i);
    return out;
}

std::vector<model::Paragraph> paragraphs_of(const MappedText& speech) {
    std::vector<model::Paragraph> out;
    std::string_view text(speech.text);
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!is_line_break(text[i])) continue;
        std::size_t end = blank_run_end(text, i);
        if (end == i) continue;
        add_paragraph(speech, start, i, out);
        start = end;
        i = end - 1;
    }
    add_paragraph(speech, start, text.size(), out);
    return out;
}

}  // namespace presser::ingest
