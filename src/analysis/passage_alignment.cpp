#include "analysis/passage_alignment.h"

#include <algorithm>
#include <limits>

namespace presser::analysis {
namespace {

constexpr int kMinus = std::numeric_limits<int>::min() / 4;

template <typename A, typename B>
Extension extend_with(const A& a_at, std::size_t na, const B& b_at, std::size_t nb, unsigned band, int x_drop) {
    const int width = 2 * static_cast<int>(band) + 1;
    const int centre = static_cast<int>(band);
    std::vector<int> previous(static_cast<std::size_t>(width), kMinus), current(static_cast<std::size_t>(width), kMinus);
    // Row 0: j = d - band tokens of b skipped.
    for (int d = centre; d < width; ++d)
        if (static_cast<std::size_t>(d - centre) <= nb) previous[static_cast<std::size_t>(d)] = -(d - centre);
    int best = 0;
    Extension out;
    for (std::size_t i = 1; i <= na; ++i) {
        int row_best = kMinus;
        for (int d = 0; d < width; ++d) {
            const std::int64_t j = static_cast<std::int64_t>(i) + d - centre;
            int score = kMinus;
            if (j >= 0 && static_cast<std::size_t>(j) <= nb) {
                if (j >= 1 && previous[static_cast<std::size_t>(d)] > kMinus)
                    score = previous[static_cast<std::size_t>(d)] + (a_at(i - 1) == b_at(static_cast<std::size_t>(j) - 1) ? 1 : -1);
                if (d + 1 < width && previous[static_cast<std::size_t>(d + 1)] > kMinus)
                    score = std::max(score, previous[static_cast<std::size_t>(d + 1)] - 1);  // a token of a alone
                if (d > 0 && current[static_cast<std::size_t>(d - 1)] > kMinus)
                    score = std::max(score, current[static_cast<std::size_t>(d - 1)] - 1);  // a token of b alone
            }
            current[static_cast<std::size_t>(d)] = score;
            row_best = std::max(row_best, score);
            if (score > best) {
                best = score;
                out = {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)};
            }
        }
        if (row_best < best - x_drop || row_best == kMinus) break;
        std::swap(previous, current);
        std::fill(current.begin(), current.end(), kMinus);
    }
    return out;
}

}  // namespace

Extension extend(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b, bool backward, unsigned band, int x_drop) {
    if (!backward) return extend_with([&](std::size_t i) { return a[i]; }, a.size(), [&](std::size_t j) { return b[j]; }, b.size(), band, x_drop);
    return extend_with([&](std::size_t i) { return a[a.size() - 1 - i]; }, a.size(), [&](std::size_t j) { return b[b.size() - 1 - j]; },
                       b.size(), band, x_drop);
}

unsigned edit_distance(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b, unsigned band) {
    const std::size_t n = a.size(), m = b.size();
    const std::size_t gap = n > m ? n - m : m - n;
    if (gap > band) return band + static_cast<unsigned>(gap);
    const int width = 2 * static_cast<int>(band) + 1, centre = static_cast<int>(band);
    constexpr int kFar = std::numeric_limits<int>::max() / 4;
    std::vector<int> previous(static_cast<std::size_t>(width), kFar), current(static_cast<std::size_t>(width), kFar);
    for (int d = centre; d < width; ++d)
        if (static_cast<std::size_t>(d - centre) <= m) previous[static_cast<std::size_t>(d)] = d - centre;
    for (std::size_t i = 1; i <= n; ++i) {
        for (int d = 0; d < width; ++d) {
            const std::int64_t j = static_cast<std::int64_t>(i) + d - centre;
            int cost = kFar;
            if (j >= 0 && static_cast<std::size_t>(j) <= m) {
                if (j == 0) cost = static_cast<int>(i);
                else cost = previous[static_cast<std::size_t>(d)] + (a[i - 1] == b[static_cast<std::size_t>(j) - 1] ? 0 : 1);
                if (d + 1 < width) cost = std::min(cost, previous[static_cast<std::size_t>(d + 1)] + 1);
                if (d > 0) cost = std::min(cost, current[static_cast<std::size_t>(d - 1)] + 1);
            }
            current[static_cast<std::size_t>(d)] = cost;
        }
        std::swap(previous, current);
        std::fill(current.begin(), current.end(), kFar);
    }
    const int d = static_cast<int>(m) - static_cast<int>(n) + centre;
    return static_cast<unsigned>(previous[static_cast<std::size_t>(d)]);
}

TextAlignment align_within(std::span<const std::uint32_t> query, std::span<const std::uint32_t> text) {
    const std::size_t n = query.size(), m = text.size();
    // cost[i][j]: query[0, i) aligned with a stretch of text ending at j (free start in text).
    std::vector<unsigned> cost((n + 1) * (m + 1));
    auto at = [&](std::size_t i, std::size_t j) -> unsigned& { return cost[i * (m + 1) + j]; };
    for (std::size_t j = 0; j <= m; ++j) at(0, j) = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        at(i, 0) = static_cast<unsigned>(i);
        for (std::size_t j = 1; j <= m; ++j)
            at(i, j) = std::min({at(i - 1, j - 1) + (query[i - 1] == text[j - 1] ? 0u : 1u), at(i - 1, j) + 1, at(i, j - 1) + 1});
    }
    std::size_t end = 0;
    for (std::size_t j = 1; j <= m; ++j)
        if (at(n, j) < at(n, end)) end = j;
    TextAlignment out;
    out.edits = at(n, end);
    out.text_end = static_cast<std::uint32_t>(end);
    std::size_t i = n, j = end;
    while (i > 0) {
        using Kind = AlignmentOp::Kind;
        if (j > 0 && at(i, j) == at(i - 1, j - 1) + (query[i - 1] == text[j - 1] ? 0u : 1u)) {
            out.ops.push_back({query[i - 1] == text[j - 1] ? Kind::equal : Kind::substitute, static_cast<std::int32_t>(i - 1), static_cast<std::int32_t>(j - 1)});
            --i, --j;
        } else if (at(i, j) == at(i - 1, j) + 1) {
            out.ops.push_back({Kind::insert, static_cast<std::int32_t>(i - 1), -1});
            --i;
        } else {
            out.ops.push_back({Kind::remove, -1, static_cast<std::int32_t>(j - 1)});
            --j;
        }
    }
    out.text_begin = static_cast<std::uint32_t>(j);
    std::reverse(out.ops.begin(), out.ops.end());
    return out;
}

}  // namespace presser::analysis
