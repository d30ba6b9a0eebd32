// The intermediate form every format parser produces and TranscriptBuilder consumes: the document's
// header facts and its paragraphs in source order, each with the speaker label it began with.
// Internal to src/ingest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ingest/label_grammar.h"
#include "model/transcript.h"

namespace presser::ingest {

struct DraftBlock {
    model::Paragraph paragraph;  // label and indentation already removed from text and range
    std::optional<Label> label;
    // For a weak label only: the paragraph as it reads if the label is not a speaker after all.
    std::optional<model::Paragraph> unlabeled;
    bool emphasised = false;     // began in bold/strong markup: a question cue in some HTML sources
    bool heading = false;        // a Markdown/HTML heading: never a speaker turn
    // Set by formats that mark editorial text explicitly (TEI <note>, <incident>): the block is never
    // speech and becomes a turn of this kind (narration or stage_direction) whatever its wording.
    std::optional<model::TurnKind> editorial;
    // Seconds from the start of the recording where the source stamps the block: a stamped speaker line
    // ("Harriet Vance: (00:12)") or a table's time column.
    std::optional<std::uint32_t> time_offset;
};

struct Draft {
    std::string source;          // path as given
    const std::string* source_text = nullptr;  // the decoded text the block ranges point into
    std::string source_format;   // "text", "markdown", "html", "tei", "json", "csv", "tsv"
    std::string source_encoding = "UTF-8";
    std::string title;
    std::string source_url;
    std::string language;        // declared language, if any
    std::string organiser;       // declared organiser, if any
    std::string venue;
    std::optional<model::PartialDate> declared_date;  // front matter, TEI header, page metadata
    std::vector<model::EventField> fields;  // header field lines ("Subjects: ..."), set by extract_header_fields
    std::vector<DraftBlock> blocks;
    std::vector<std::string> warnings;
};

}  // namespace presser::ingest
