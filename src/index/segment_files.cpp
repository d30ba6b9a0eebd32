#include "index/segment_files.h"

namespace presser::index {

std::string_view to_string(Attribute attribute) {
    switch (attribute) {
        case Attribute::word: return "word";
        case Attribute::lower: return "lower";
        case Attribute::lemma: return "lemma";
    }
    return "word";
}

std::optional<Attribute> parse_attribute(std::string_view name) {
    for (const auto attribute : kAttributes)
        if (to_string(attribute) == name) return attribute;
    return std::nullopt;
}

std::string_view to_string(Structure structure) {
    switch (structure) {
        case Structure::s: return "s";
        case Structure::p: return "p";
        case Structure::turn: return "turn";
        case Structure::exchange: return "exchange";
        case Structure::event: return "event";
    }
    return "s";
}

std::optional<Structure> parse_structure(std::string_view name) {
    for (const auto structure : kStructures)
        if (to_string(structure) == name) return structure;
    return std::nullopt;
}

std::string lexicon_file(Attribute attribute) { return std::string(to_string(attribute)) + ".lex"; }
std::string regions_file(Structure structure) { return std::string(to_string(structure)) + ".regions"; }

}  // namespace presser::index
