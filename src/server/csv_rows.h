// Rows of JSON objects as CSV (RFC 4180, CRLF, the objects' member names as the header) or JSON lines: what
// the API's downloads write (/api/export, and the analysis tables with format=csv|jsonl).
#pragma once

#include <string>
#include <string_view>

#include "server/api.h"

namespace presser::server {

// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
void append_csv_field(std::string& out, std::string_view field);
// The row's member names, comma-separated, CRLF.
void append_csv_header(std::string& out, const Json& row);
// One row: with `csv`, the row's values in member order (strings quoted as needed, null as an empty field,
// numbers as JSON writes them), CRLF; else the row as one JSON line.
void append_row(std::string& out, const Json& row, bool csv);

}  // namespace presser::server
