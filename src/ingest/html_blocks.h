// Where a page's transcript is: text sizes per element, the main text container, and the paragraphs
// (block sources) inside it or across the page. Internal to src/ingest.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <unordered_map>
#include <vector>

namespace presser::ingest::html {

// Sizes computed bottom-up once, so that choosing the container costs one pass over the tree.
struct NodeStats {
    std::size_t text_bytes = 0;     // visible non-space text in the subtree
    std::size_t p_text = 0;         // text of direct <p> children
    std::size_t leaf_block_text = 0;  // text of direct children that are blocks without blocks inside
    bool has_block = false;         // some descendant is a block element
};

using StatsMap = std::unordered_map<const GumboNode*, NodeStats>;

// Sizes of every visible element under `root`, computed bottom-up in one pass.
[[nodiscard]] StatsMap compute_stats(const GumboNode* root);

// The element with the most text by `measure` (ties to the earliest), or nullptr when none has any.
[[nodiscard]] const GumboNode* best_container(const StatsMap& stats, std::size_t NodeStats::*measure);

// A paragraph of the page: one element, or a run of loose inline content between blocks.
struct BlockSource {
    std::vector<const GumboNode*> nodes;
    bool heading = false;
};

// The blocks inside `container`, in document order.
[[nodiscard]] std::vector<BlockSource> collect_blocks(const GumboNode* container, const StatsMap& stats);

// Every visible <p> under `root`, in document order.
[[nodiscard]] std::vector<BlockSource> all_paragraphs(const GumboNode* root);

}  // namespace presser::ingest::html
