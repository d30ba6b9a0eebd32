// Record-style XML containers that are not TEI: an export of records, each with metadata elements and the
// transcript in one element, often HTML inside CDATA:
//
//   <transcripts><transcript><title>Press Conference, Hobart</title>
//   <release-date>05/03/2032</release-date><content><![CDATA[<p>...</p>]]></content></transcript></transcripts>
//
// Internal to src/ingest; the parser is declared in format_parsers.h.
#pragma once

#include <string_view>

namespace presser::ingest {

// Whether `text` is an XML document whose root is neither TEI nor an HTML element, closed at the end of
// the text (so that a text file opening with an inline <NAME> tag is not one).
[[nodiscard]] bool looks_like_record_xml(std::string_view text);

}  // namespace presser::ingest
