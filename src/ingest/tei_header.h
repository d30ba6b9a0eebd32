// The teiHeader of one <TEI> document: its title, sitting date, organiser, venue and language, which go
// into the Draft. Internal to src/ingest.
#pragma once

#include <pugixml.hpp>

#include <string>

#include "ingest/draft.h"
#include "ingest/tei_people.h"

namespace presser::ingest::tei {

// What the rest of the document is read against: names and affiliations hold for a period.
struct Sitting {
    std::string language;  // xml:lang of the document (or of its <text>)
    std::string date;      // ISO date of the sitting, "" when unknown
};

// Fills the title, language, declared date, organiser and venue of `draft` from `header`; the
// organiser's name may be looked up in `registries`.
Sitting read_header(const pugi::xml_node& header, const pugi::xml_node& tei, Registries& registries, Draft& draft);

}  // namespace presser::ingest::tei
