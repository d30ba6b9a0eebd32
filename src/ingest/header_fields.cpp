// Field lines of a transcript's header ("Subjects: ferry fares; port upgrade", "Location: Canberra",
// "Fecha: 3 de mayo"): metadata of the event, not speakers. Only lines before the first turn count, and
// only when the word before the colon is a field name, not a person or an office.
#include <re2/re2.h>

#include <algorithm>
#include <array>

#include "ingest/build_steps.h"
#include "ingest/label_grammar.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

// Folded field names (fold_key: capitals, no accents).
constexpr std::array<std::string_view, 30> kFieldNames{
    "SUBJECT", "SUBJECTS", "TOPIC", "TOPICS", "ISSUES", "LOCATION", "VENUE", "PLACE", "TIME", "DATE",
    "DATES", "DATELINE", "EVENT", "RELEASE DATE", "EMBARGO", "EMBARGOED", "CONTACT", "MEDIA CONTACT",
    "PARTICIPANTS", "ATTENDEES", "LUGAR", "SEDE", "FECHA", "HORA", "TEMA", "TEMAS", "ASUNTO", "ASUNTOS",
    "EVENTO", "PARTICIPANTES"};
constexpr std::array<std::string_view, 5> kVenueFields{"LOCATION", "VENUE", "PLACE", "LUGAR", "SEDE"};

bool is_field_name(std::string_view text) {
    std::string folded = fold_key(text);
    return std::find(kFieldNames.begin(), kFieldNames.end(), folded) != kFieldNames.end();
}

bool is_field_block(const DraftBlock& block) {
    return block.label && block.label->label_class == LabelClass::named && !block.paragraph.text.empty() &&
           is_field_name(block.label->text);
}

// Field lines written without a blank line between them are one paragraph: "Date: 3 May Location: Canberra".
void add_fields(Draft& draft, std::string name, std::string_view value) {
    static const Pattern next_field(
        R"((?i)\s((?:subjects?|topics?|issues|location|venue|place|time|date|event|lugar|sede|fecha|hora|temas?|asuntos?)):\s)");
    re2::StringPiece rest(value.data(), value.size());
    re2::StringPiece field;
    for (;;) {
        re2::StringPiece before = rest;
        if (!RE2::PartialMatch(rest, next_field, &field)) break;
        std::size_t value_end = static_cast<std::size_t>(field.data() - before.data());
        draft.fields.push_back({std::move(name), trim_copy(std::string_view(before.data(), value_end))});
        name = std::string(field.data(), field.size());
        std::size_t after = value_end + field.size() + 1;
        rest = re2::StringPiece(before.data() + after, before.size() - after);
    }
    draft.fields.push_back({std::move(name), trim_copy(std::string_view(rest.data(), rest.size()))});
}

}  // namespace

void extract_header_fields(Draft& draft) {
    std::size_t header_end = 0;  // the header is what stands before the first label that is no field
    while (header_end < draft.blocks.size() &&
           (!draft.blocks[header_end].label || is_field_block(draft.blocks[header_end])))
        ++header_end;
    auto header = draft.blocks.begin() + static_cast<std::ptrdiff_t>(header_end);
    auto first_field = std::find_if(draft.blocks.begin(), header, is_field_block);
    if (first_field == header) return;
    for (auto it = first_field; it != header; ++it)
        if (is_field_block(*it)) add_fields(draft, it->label->text, it->paragraph.text);
    draft.blocks.erase(std::remove_if(first_field, header, is_field_block), header);
    for (const model::EventField& field : draft.fields) {
        std::string folded = fold_key(field.name);
        if (draft.venue.empty() && std::find(kVenueFields.begin(), kVenueFields.end(), folded) != kVenueFields.end())
            draft.venue = field.value;
    }
}

}  // namespace presser::ingest
