#include "analysis/attribute_reader.h"

#include <optional>

namespace presser::analysis {

void read_attribute(const index::Segment& segment, index::Attribute attribute, std::uint32_t from, std::uint32_t to,
                    std::vector<std::uint32_t>& out) {
    const auto first = out.size();
    segment.stream().read(from, to, out);
    const auto words = segment.lexicon(index::Attribute::word).size();
    // A lemma depends on the event's language: the event is looked up again only where one ends.
    const auto& events = segment.regions(index::Structure::event);
    std::optional<std::uint64_t> event;
    std::uint32_t event_end = 0;
    for (auto i = first; i < out.size(); ++i) {
        auto& id = out[i];
        if (id >= words) {
            id = index::Segment::kNoTerm;
            continue;
        }
        if (attribute == index::Attribute::word) continue;
        id = segment.lower_of_word(id);
        if (attribute == index::Attribute::lower) continue;
        const auto position = static_cast<std::uint32_t>(from + (i - first));
        if (!event || position >= event_end) {
            event = events.find(position);
            event_end = event ? events.end(*event) : position + 1;
        }
        id = event ? segment.lemma_of_lower(id, *event) : index::Segment::kNoTerm;
    }
}

}  // namespace presser::analysis
