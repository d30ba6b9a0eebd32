// Transcripts published as tables (CSV, TSV): one row per turn or paragraph, with the speaker and the speech
// in columns named by the header (speaker, text, role, affiliation, title, time) or by a column mapping.
// A table without such columns (a research table, numbers) is not a transcript.
#include <algorithm>
#include <array>

#include "ingest/build_steps.h"
#include "ingest/clock_time.h"
#include "ingest/csv_reader.h"
#include "ingest/format_parsers.h"
#include "ingest/json_tree.h"
#include "ingest/structured_speakers.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

struct HeaderNames {
    ColumnField field;
    std::vector<std::string_view> names;  // normalized_key() spellings
};

const std::array<HeaderNames, 6> kHeaderNames{{
    {ColumnField::speaker, {"speaker", "speakername", "speakerlabel", "name", "who", "person", "participant"}},
    {ColumnField::text, {"text", "speech", "content", "utterance", "transcript", "words", "body", "statement", "remarks",
                         "dialogue", "message"}},
    {ColumnField::role, {"role", "speakerrole", "type", "speakertype", "group", "side", "category"}},
    {ColumnField::title, {"title", "speakertitle", "position", "office", "jobtitle"}},
    {ColumnField::affiliation, {"affiliation", "affiliations", "outlet", "firm", "company", "organisation",
                                "organization", "media", "employer", "publication", "network"}},
    {ColumnField::time, {"time", "timestamp", "start", "starttime", "begin", "offset", "timecode"}},
}};

constexpr std::size_t kFieldCount = 6;
using Columns = std::array<std::optional<std::size_t>, kFieldCount>;  // 0-based column of each field

std::size_t slot(ColumnField field) { return static_cast<std::size_t>(field); }

bool is_header_name(const std::string& normalized) {
    for (const HeaderNames& entry : kHeaderNames)
        if (std::find(entry.names.begin(), entry.names.end(), normalized) != entry.names.end()) return true;
    return false;
}

Error not_a_transcript(const SourceText& source, const std::string& why) { return not_transcript_error(source.path, why); }

std::string header_list(const std::vector<std::string>& header) {
    std::string out;
    for (std::size_t i = 0; i < header.size() && i < 8; ++i) out += (i ? ", " : "") + header[i];
    if (header.size() > 8) out += ", …";
    return out;
}

struct Layout {
    Columns columns;
    bool header = false;  // the first row names the columns
};

// The columns of each field: the mapping's, then the header's names for the fields it leaves out.
Result<Layout> resolve_columns(const std::vector<std::string>& first_row, const ColumnMapping& mapping, const SourceText& source) {
    Layout layout;
    std::vector<std::string> normalized;
    for (const std::string& cell : first_row) normalized.push_back(normalized_key(cell));
    layout.header = std::any_of(normalized.begin(), normalized.end(), is_header_name) ||
                    std::any_of(mapping.begin(), mapping.end(), [](const ColumnRef& ref) { return ref.number == 0; });
    for (const ColumnRef& ref : mapping) {
        std::optional<std::size_t> column;
        if (ref.number > 0) {
            if (ref.number > first_row.size())
                return not_a_transcript(source, "--columns " + std::string(column_field_name(ref.field)) + "=" +
                                                    std::to_string(ref.number) + ", but the table has " +
                                                    std::to_string(first_row.size()) + " columns");
            column = ref.number - 1;
        } else {
            auto at = std::find(normalized.begin(), normalized.end(), normalized_key(ref.name));
            if (at == normalized.end())
                return not_a_transcript(source, "no column named '" + ref.name + "' in its first row (" + header_list(first_row) + ")");
            column = static_cast<std::size_t>(at - normalized.begin());
        }
        layout.columns[slot(ref.field)] = column;
    }
    if (!layout.header) return layout;
    for (const HeaderNames& entry : kHeaderNames) {
        if (layout.columns[slot(entry.field)]) continue;
        for (std::string_view name : entry.names) {  // the names in order of preference
            auto at = std::find(normalized.begin(), normalized.end(), name);
            bool taken = std::any_of(layout.columns.begin(), layout.columns.end(), [&](const auto& column) {
                return column == static_cast<std::size_t>(at - normalized.begin());
            });
            if (at != normalized.end() && !taken) {
                layout.columns[slot(entry.field)] = static_cast<std::size_t>(at - normalized.begin());
                break;
            }
        }
    }
    return layout;
}

class RowReader {
public:
    RowReader(const SourceText& source, const Layout& layout) : source_(source), layout_(layout) {}

    std::string value(const CsvRecord& record, ColumnField field) const {
        const CsvCell* cell = cell_of(record, field);
        return cell ? cell_value(source_.text, *cell) : std::string();
    }

    // The row's blocks: its speech's paragraphs, the first labelled with its speaker.
    void add_blocks(const CsvRecord& record, Draft& draft) const {
        const CsvCell* text = cell_of(record, ColumnField::text);
        if (!text) return;
        std::vector<model::Paragraph> paragraphs = paragraphs_of(cell_text(source_.text, *text));
        if (paragraphs.empty()) return;
        std::optional<Label> label;
        if (std::string speaker = value(record, ColumnField::speaker); !speaker.empty())
            label = structured_label(speaker, nullptr, facts(record));
        std::optional<std::uint32_t> time = parse_clock_time(value(record, ColumnField::time));
        append_row_blocks(draft, paragraphs, std::move(label), time);
    }

private:
    const CsvCell* cell_of(const CsvRecord& record, ColumnField field) const {
        const auto& column = layout_.columns[slot(field)];
        return column && *column < record.cells.size() ? &record.cells[*column] : nullptr;
    }

    SpeakerEntry facts(const CsvRecord& record) const {
        SpeakerEntry entry;
        entry.title = value(record, ColumnField::title);
        std::string outlets = value(record, ColumnField::affiliation);
        for (std::size_t from = 0; from < outlets.size();) {
            std::size_t end = std::min(outlets.find(';', from), outlets.size());
            if (std::string outlet = trim_copy(std::string_view(outlets).substr(from, end - from)); !outlet.empty())
                entry.affiliations.push_back(std::move(outlet));
            from = end + 1;
        }
        entry.role = role_from_words(value(record, ColumnField::role));
        settle_role(entry);
        return entry;
    }

    const SourceText& source_;
    const Layout& layout_;
};

bool names_field(const std::vector<std::string>& normalized, ColumnField field) {
    const auto& names = kHeaderNames[slot(field)].names;
    return std::any_of(normalized.begin(), normalized.end(),
                       [&](const std::string& cell) { return std::find(names.begin(), names.end(), cell) != names.end(); });
}

}  // namespace

char transcript_table_delimiter(std::string_view first_line) {
    char delimiter = sniff_delimiter(first_line, 0);
    if (first_line.find(delimiter) == std::string_view::npos) return 0;
    CsvTable table = read_csv(first_line, 0, delimiter);
    if (table.records.empty()) return 0;
    std::vector<std::string> normalized;
    for (const CsvCell& cell : table.records.front().cells) {
        std::string value = cell_value(first_line, cell);
        if (value.size() > 40) return 0;  // a header names columns in a word or two
        normalized.push_back(normalized_key(value));
    }
    return names_field(normalized, ColumnField::speaker) && names_field(normalized, ColumnField::text) ? delimiter : 0;
}

Result<std::vector<Draft>> parse_table_drafts(const SourceText& source, char delimiter, const ColumnMapping& mapping) {
    const std::size_t from = std::min(source.bom_bytes, source.text.size());
    if (delimiter == 0) delimiter = sniff_delimiter(source.text, from);
    CsvTable table = read_csv(source.text, from, delimiter);
    if (table.unclosed_quote)
        return Error{source.path, *table.unclosed_quote, std::nullopt,
                     "a quoted field opens here and never closes: expected a closing \" (a quote inside a field is written \"\")"};
    if (table.records.empty()) return not_a_transcript(source, "a table with no rows");
    std::vector<std::string> first_row;
    for (const CsvCell& cell : table.records.front().cells) first_row.push_back(cell_value(source.text, cell));
    auto layout = resolve_columns(first_row, mapping, source);
    if (!layout) return layout.error();
    const bool speaker = layout->columns[slot(ColumnField::speaker)].has_value();
    const bool text = layout->columns[slot(ColumnField::text)].has_value();
    if (!speaker || !text)
        return not_a_transcript(source, "its first row (" + header_list(first_row) + ") names no " +
                                            (speaker ? "text column" : text ? "speaker column" : "speaker and text columns") +
                                            "; map them with --columns speaker=N,text=M");

    Draft draft;
    draft.source = source.path;
    draft.source_text = &source.text;
    draft.source_format = delimiter == '\t' ? "tsv" : "csv";
    draft.source_encoding = source.encoding;
    draft.warnings = source.warnings;
    RowReader rows(source, *layout);
    for (std::size_t i = layout->header ? 1 : 0; i < table.records.size(); ++i) rows.add_blocks(table.records[i], draft);
    if (draft.blocks.empty()) return not_a_transcript(source, "no row has text in its text column");
    std::vector<Draft> drafts;
    drafts.push_back(std::move(draft));
    return drafts;
}

}  // namespace presser::ingest
