// TEI documents. (Being written: see issue 2.)
#include "ingest/format_parsers.h"

namespace presser::ingest {

Result<std::vector<Draft>> parse_tei_drafts(const SourceText& source) {
    return Error{source.path, std::nullopt, std::nullopt, "TEI parsing is not implemented yet"};
}

}  // namespace presser::ingest
