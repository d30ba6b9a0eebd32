// How text is written into the export formats: XML character data and attributes, RFC 4180 fields, one-line
// cells. Internal to src/export (the server's CSV downloads use append_csv_field too).
#pragma once

#include <string>
#include <string_view>

namespace presser::exports {

// `&amp; &lt; &gt; &quot;` (as cwb-encode and XML attributes expect); control characters other than tab,
// line feed and carriage return (which XML 1.0 cannot hold) become spaces; with `one_line`, tabs and line
// breaks too.
void append_xml(std::string& out, std::string_view text, bool one_line = false);
[[nodiscard]] std::string xml_text(std::string_view text, bool one_line = false);

// RFC 4180: quoted when it holds the delimiter, a quote or a line break; quotes doubled.
void append_csv_field(std::string& out, std::string_view field, char delimiter = ',');

// `text` with tabs, line breaks and other control characters as spaces: a VRT or CoNLL-U cell.
[[nodiscard]] std::string one_line(std::string_view text);

// An XML name (NCName) made of `text`: letters, digits, '.', '-' and '_' kept, anything else '_', and a
// leading character that cannot start a name prefixed with `prefix`.
[[nodiscard]] std::string xml_id(std::string_view prefix, std::string_view text);

}  // namespace presser::exports
