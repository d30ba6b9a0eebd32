// The selected part of an index as nested structures, for the token formats (VRT, CoNLL-U): per live event
// with a selected turn, its exchanges, selected turns, paragraphs and sentences, in corpus order, and the
// token positions of each sentence. Regions without tokens are not visited (a CWB region holds at least one
// token); exchanges are visited around the turns they span, which nest since an exchange runs from a turn's
// start to a turn's end (index/segment_builder.cpp). Internal to src/export.
#pragma once

#include "export/export.h"

namespace presser::exports {

class StructureVisitor {
public:
    virtual ~StructureVisitor() = default;
    // Each returns false to stop the walk (an error it keeps).
    virtual bool open_event(const index::Segment& segment, std::uint64_t event) = 0;
    virtual bool close_event() = 0;
    virtual bool open_exchange(const index::Segment& segment, std::uint64_t exchange) = 0;
    virtual bool close_exchange() = 0;
    virtual bool open_turn(const index::Segment& segment, std::uint64_t turn) = 0;
    virtual bool close_turn() = 0;
    virtual bool open_paragraph(const index::Segment& segment, std::uint64_t paragraph) = 0;
    virtual bool close_paragraph() = 0;
    // Tokens [start, end) of sentence `sentence` of event `event`.
    virtual bool sentence(const index::Segment& segment, std::uint64_t event, std::uint64_t sentence, std::uint32_t start,
                          std::uint32_t end) = 0;
};

// False when a visitor call returned false.
bool walk_structures(const index::Index& index, const Selection& selection, StructureVisitor& visitor);

}  // namespace presser::exports
