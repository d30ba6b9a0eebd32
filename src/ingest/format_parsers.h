// One function per source format, each producing a Draft for TranscriptBuilder. Internal to src/ingest;
// the public entry point is parser.h.
#pragma once

#include <string_view>
#include <vector>

#include "ingest/column_mapping.h"
#include "ingest/draft.h"
#include "ingest/source_text.h"
#include "model/error.h"

namespace presser::ingest {

// Plain text and Markdown (paragraphs separated by blank lines, labels at paragraph starts, YAML front
// matter, inline <NAME> tags).
[[nodiscard]] Draft parse_text_draft(const SourceText& source, bool markdown);

// HTML pages (gumbo): the page's main text container, one block per <p>; bold openings as question cues.
[[nodiscard]] Result<Draft> parse_html_draft(const SourceText& source);

// TEI (ParlaMint and similar): one Draft per <TEI> document; a teiCorpus header alone yields none.
[[nodiscard]] Result<std::vector<Draft>> parse_tei_drafts(const SourceText& source);

// JSON (json_transcript.cpp): lists of speaker/text rows with participants and metadata, one Draft per event
// (an array of events gives several). Valid JSON without such rows is an Error marked not_transcript.
[[nodiscard]] Result<std::vector<Draft>> parse_json_drafts(const SourceText& source);

// CSV/TSV (table_transcript.cpp): a row per turn, columns from `mapping` and the header's names; `delimiter`
// 0 sniffs it. A table without speaker and text columns is an Error marked not_transcript.
[[nodiscard]] Result<std::vector<Draft>> parse_table_drafts(const SourceText& source, char delimiter,
                                                            const ColumnMapping& mapping);

// The delimiter of a table whose first line is a header naming speaker and text columns, for sniffing files
// without an extension; 0 when the line is no such header.
[[nodiscard]] char transcript_table_delimiter(std::string_view first_line);
// Record-style XML that is not TEI (record_xml.h): one Draft per record, the body parsed as HTML or text.
[[nodiscard]] Result<std::vector<Draft>> parse_record_xml_drafts(const SourceText& source);

}  // namespace presser::ingest
