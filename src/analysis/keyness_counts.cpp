#include "analysis/keyness_counts.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace presser::analysis {
namespace {

bool lexicons_count_live_tokens(const index::Index& index) {
    return std::none_of(index.segments().begin(), index.segments().end(), [](const auto& segment) { return segment->has_deleted_events(); });
}

// The whole corpus's counts from the lexicons, minus the target's rows, as a table sorted by term.
FrequencyTable rest_by_subtraction(const index::Index& index, const FrequencyTable& target, SubcorpusSize size, index::Attribute attribute) {
    std::unordered_map<std::string_view, std::uint64_t> counts;
    for (const auto& segment : index.segments()) {
        const auto& lexicon = segment->lexicon(attribute);
        counts.reserve(counts.size() + lexicon.size());
        for (std::uint32_t id = 0; id < lexicon.size(); ++id)
            if (lexicon.count(id) > 0) counts[lexicon.term(id)] += lexicon.count(id);
    }
    for (const auto& row : target.rows) {
        if (auto found = counts.find(row.term); found != counts.end()) found->second -= std::min(found->second, row.frequency);
    }
    FrequencyTable rest;
    rest.size = size;
    for (const auto& [term, count] : counts) {
        if (count == 0) continue;
        FrequencyRow row;
        row.term = std::string(term);
        row.frequency = count;
        row.per_million = size.tokens == 0 ? 0.0 : double(count) * 1e6 / double(size.tokens);
        rest.rows.push_back(std::move(row));
    }
    std::sort(rest.rows.begin(), rest.rows.end(), [](const FrequencyRow& a, const FrequencyRow& b) { return a.term < b.term; });
    return rest;
}

}  // namespace

bool reads_reference(const index::Index& index, const index::Index& reference_index, bool reference_is_rest) {
    return !(reference_is_rest && &index == &reference_index && lexicons_count_live_tokens(index));
}

Result<KeynessCounts> keyness_counts(const index::Index& index, const TokenSpans& target, const index::Index& reference_index,
                                     const TokenSpans& reference, bool reference_is_rest, const FrequencyOptions& options) {
    FrequencyOptions counting = options;
    counting.dispersion = false;
    const bool subtract = !reads_reference(index, reference_index, reference_is_rest);
    const std::uint64_t target_tokens = target.tokens(), to_read = target_tokens + (subtract ? 0 : reference.tokens());
    if (options.progress) {
        counting.progress = [&](std::uint64_t done, std::uint64_t) { options.progress(done, to_read); };
    }
    KeynessCounts out;
    auto target_table = frequency_table(index, target, counting);
    if (!target_table) return target_table.error();
    out.target = std::move(target_table.value());
    if (subtract) {
        out.reference = rest_by_subtraction(index, out.target, measure(index, reference), options.attribute);
        return out;
    }
    if (options.progress) {
        counting.progress = [&](std::uint64_t done, std::uint64_t) { options.progress(target_tokens + done, to_read); };
    }
    auto reference_table = frequency_table(reference_index, reference, counting);
    if (!reference_table) return reference_table.error();
    out.reference = std::move(reference_table.value());
    return out;
}

}  // namespace presser::analysis
