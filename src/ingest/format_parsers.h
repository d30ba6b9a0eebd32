// One function per source format, each producing a Draft for TranscriptBuilder. Internal to src/ingest;
// the public entry point is parser.h.
#pragma once

#include <vector>

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

// Record-style XML that is not TEI (record_xml.h): one Draft per record, the body parsed as HTML or text.
[[nodiscard]] Result<std::vector<Draft>> parse_record_xml_drafts(const SourceText& source);

}  // namespace presser::ingest
