// Collects analysed events in memory and writes them as one immutable segment: lexicons, postings, the
// token stream, id maps, regions and the stored text (docs/index-format.md). Serial: one thread feeds it.
#pragma once

#include <filesystem>
#include <memory>

#include "index/event_analysis.h"
#include "index/manifest.h"

namespace presser::index {

class SegmentBuilder {
public:
    SegmentBuilder();
    ~SegmentBuilder();
    SegmentBuilder(const SegmentBuilder&) = delete;
    SegmentBuilder& operator=(const SegmentBuilder&) = delete;

    // Appends an event; returns its segment-local number.
    std::uint64_t add(const AnalysedEvent& event);

    [[nodiscard]] std::uint64_t tokens() const;
    [[nodiscard]] std::uint64_t events() const;
    // Bytes held now, and bytes the write will need on top (postings are built by counting sort).
    [[nodiscard]] std::size_t memory() const;

    // Writes the segment into `directory` (created; must not exist), fsyncs every file and the
    // directory, and returns what the manifest records about it. The builder is empty afterwards.
    [[nodiscard]] Result<SegmentInfo> write(const std::filesystem::path& directory);

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace presser::index
