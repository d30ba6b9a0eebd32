// The guard run before gumbo sees a page: an estimate, from a plain scan of the tags, of the nesting
// depth and attribute comparisons that would make gumbo's tree building slow. Internal to src/ingest.
#pragma once

#include <cstddef>
#include <string_view>

namespace presser::ingest::html {

// gumbo's tree building is superlinear in the depth of the open-element stack (20,000 nested <div>
// take a second, 60,000 take twenty), so deeper documents are refused rather than left to hang.
constexpr std::size_t kMaxNesting = 4096;
// Its check for duplicate attributes compares every attribute of a tag with every other: 20,000
// attributes on one tag take a second and a half. Ordinary pages stay far below this sum of squares.
constexpr std::size_t kMaxAttributeComparisons = 50'000'000;

// What would make gumbo slow: how deep the elements nest, and how many attributes its duplicate check
// compares (the sum over tags of the square of their attribute counts).
struct MarkupCost {
    std::size_t depth = 0;
    std::size_t attribute_comparisons = 0;
};

// An upper estimate of the nesting gumbo will build, from a scan of the tags: open tags minus closed
// ones, ignoring void elements, optional-end elements and self-closed tags inside <svg>/<math>. An end
// tag closes what was opened inside its element, except that a formatting end tag (</a>, </b>) leaves
// blocks opened inside it open, as the HTML parsing algorithm does. Stops early past the limits.
[[nodiscard]] MarkupCost estimate_cost(std::string_view html, std::size_t max_depth, std::size_t max_comparisons);

}  // namespace presser::ingest::html
