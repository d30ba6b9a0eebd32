// HTML pages. (Being written: see issue 2.)
#include "ingest/format_parsers.h"

namespace presser::ingest {

Result<Draft> parse_html_draft(const SourceText& source) {
    return Error{source.path, std::nullopt, std::nullopt, "HTML parsing is not implemented yet"};
}

}  // namespace presser::ingest
