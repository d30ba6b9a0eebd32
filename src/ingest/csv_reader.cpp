#include "ingest/csv_reader.h"

#include <array>

#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

class Reader {
public:
    Reader(std::string_view text, std::size_t from, char delimiter) : text_(text), at_(from), delimiter_(delimiter) {}

    CsvTable read() {
        CsvTable table;
        while (at_ < text_.size()) {
            CsvRecord record = read_record(table);
            bool blank = record.cells.size() == 1 && !record.cells[0].quoted && record.cells[0].start == record.cells[0].end;
            if (!blank) table.records.push_back(std::move(record));
        }
        return table;
    }

private:
    bool ends_field(char c) const { return c == delimiter_ || c == '\n' || c == '\r'; }

    CsvRecord read_record(CsvTable& table) {
        CsvRecord record;
        record.start = at_;
        for (;;) {
            record.cells.push_back(text_[at_] == '"' ? quoted(table) : plain());
            if (at_ >= text_.size()) return record;
            if (text_[at_] == delimiter_) {
                ++at_;
                if (at_ >= text_.size()) {  // a delimiter at the very end: one more, empty, field
                    record.cells.push_back({at_, at_, false});
                    return record;
                }
                continue;
            }
            // A record ends at LF or CRLF; a lone CR too (old Mac files).
            if (text_[at_] == '\r' && at_ + 1 < text_.size() && text_[at_ + 1] == '\n') ++at_;
            ++at_;
            return record;
        }
    }

    CsvCell plain() {
        std::size_t start = at_;
        while (at_ < text_.size() && !ends_field(text_[at_])) ++at_;
        return {start, at_, false};
    }

    CsvCell quoted(CsvTable& table) {
        std::size_t open = at_++;
        CsvCell cell{at_, at_, true};
        while (at_ < text_.size()) {
            if (text_[at_] != '"') {
                ++at_;
            } else if (at_ + 1 < text_.size() && text_[at_ + 1] == '"') {
                at_ += 2;
            } else {
                break;
            }
        }
        cell.end = at_;
        if (at_ >= text_.size()) {
            if (!table.unclosed_quote) table.unclosed_quote = open;
            return cell;
        }
        ++at_;  // the closing quote; what follows it up to the delimiter is kept, as most readers do
        while (at_ < text_.size() && !ends_field(text_[at_])) ++at_;
        cell.end = at_;
        return cell;
    }

    std::string_view text_;
    std::size_t at_;
    char delimiter_;
};

}  // namespace

CsvTable read_csv(std::string_view text, std::size_t from, char delimiter) { return Reader(text, from, delimiter).read(); }

MappedText cell_text(std::string_view text, const CsvCell& cell) {
    std::string_view raw = text.substr(cell.start, cell.end - cell.start);
    if (!cell.quoted) return verbatim(raw, cell.start);
    MappedText out;
    bool closed = false;  // past the closing quote
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (!closed && raw[i] == '"') {
            if (i + 1 < raw.size() && raw[i + 1] == '"') {
                out.append("\"", cell.start + i);
                ++i;
                continue;
            }
            closed = true;
            continue;
        }
        out.append(raw.substr(i, 1), cell.start + i);
    }
    // The range ends with the text: a closing quote and what follows it are not the text's bytes.
    out.finish(out.text.empty() ? cell.start : out.origin.back() + 1);
    return out;
}

std::string cell_value(std::string_view text, const CsvCell& cell) { return collapse_spaces(cell_text(text, cell).text); }

char sniff_delimiter(std::string_view text, std::size_t from) {
    constexpr std::array<char, 3> kCandidates{',', '\t', ';'};
    std::array<std::size_t, 3> counts{};
    bool quoted = false;
    for (std::size_t i = from; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n') break;
        for (std::size_t k = 0; k < kCandidates.size(); ++k) counts[k] += c == kCandidates[k];
    }
    std::size_t best = 0;
    for (std::size_t k = 1; k < kCandidates.size(); ++k)
        if (counts[k] > counts[best]) best = k;
    return kCandidates[best];
}

}  // namespace presser::ingest
