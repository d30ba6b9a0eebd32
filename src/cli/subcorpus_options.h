// The options that choose a subcorpus, shared by the commands: the metadata filters of `presser query`
// (--from, --to, --speaker, --role, --kind, --outlet, --event, --language, --organiser), a CQL region query
// (--within), or a saved subcorpus (--subcorpus NAME).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "analysis/subcorpus.h"
#include "query/corpus_query.h"

namespace presser::cli {

struct FilterArguments {
    std::string from, to, speaker, role, kind, outlet, event, language, organiser;
};
// Adds the filter options.
void add_filter_options(CLI::App* command, FilterArguments& args);
[[nodiscard]] query::MetadataFilter to_filter(const FilterArguments& args);

struct SubcorpusArguments {
    std::string name;    // --subcorpus
    FilterArguments filters;
    std::string within;  // --within: a CQL region query
};
// Adds --subcorpus (as `name_option`, e.g. "--subcorpus" or "--target"), --within (as `region_option`:
// `presser colloc` has its own --within) and the filters.
void add_subcorpus_options(CLI::App* command, SubcorpusArguments& args, const std::string& name_option = "--subcorpus",
                           const std::string& region_option = "--within");
// The saved subcorpus, or the one the filters and --within define (the whole corpus with neither). Giving
// both a name and filters is an error: a saved subcorpus is used as it was saved.
[[nodiscard]] Result<analysis::Subcorpus> resolve_subcorpus(const index::Index& index, const SubcorpusArguments& args,
                                                            const std::string& name_option = "--subcorpus", unsigned threads = 0);
[[nodiscard]] analysis::SubcorpusDefinition definition_of(const SubcorpusArguments& args);

}  // namespace presser::cli
