#include "cli/subcorpus_options.h"

#include "analysis/subcorpus_store.h"
#include "cli/option_checks.h"

namespace presser::cli {
namespace {

void set(std::optional<std::string>& field, const std::string& value) {
    if (!value.empty()) field = value;
}

}  // namespace

void add_filter_options(CLI::App* command, FilterArguments& args) {
    command->add_option("--from", args.from, "Only events on or after this date (2023, 2023-03, 2023-03-07)")->check(date_bound());
    command->add_option("--to", args.to, "Only events on or before this date")->check(date_bound());
    command->add_option("--speaker", args.speaker, "Only turns of this speaker (whole name, in any case)");
    command->add_option("--role", args.role, "Only turns with this role");
    command->add_option("--kind", args.kind, "Only turns of this kind (question, answer, statement ...)");
    command->add_option("--outlet", args.outlet, "Only turns whose speaker has this affiliation (whole, in any case)");
    command->add_option("--event", args.event, "Only this event id");
    command->add_option("--language", args.language, "Only events in this language");
    command->add_option("--organiser", args.organiser, "Only events of this organiser (whole, in any case)");
}

query::MetadataFilter to_filter(const FilterArguments& args) {
    query::MetadataFilter filter;
    set(filter.date_from, args.from);
    set(filter.date_to, args.to);
    set(filter.speaker, args.speaker);
    set(filter.role, args.role);
    set(filter.kind, args.kind);
    set(filter.outlet, args.outlet);
    set(filter.event, args.event);
    set(filter.language, args.language);
    set(filter.organiser, args.organiser);
    return filter;
}

void add_subcorpus_options(CLI::App* command, SubcorpusArguments& args, const std::string& name_option,
                           const std::string& region_option) {
    command->add_option(name_option, args.name, "A saved subcorpus (presser subcorpus save)");
    command->add_option(region_option, args.within, "Only the tokens of a CQL region query's regions, e.g. '<turn role=\"official\"/>'");
    add_filter_options(command, args.filters);
}

analysis::SubcorpusDefinition definition_of(const SubcorpusArguments& args) {
    analysis::SubcorpusDefinition definition;
    definition.filter = to_filter(args.filters);
    definition.cql = args.within;
    return definition;
}

Result<analysis::Subcorpus> resolve_subcorpus(const index::Index& index, const SubcorpusArguments& args,
                                              const std::string& name_option, unsigned threads) {
    const auto definition = definition_of(args);
    if (!args.name.empty()) {
        if (!definition.whole_corpus())
            return plain_error(name_option + " " + args.name + " and filters or a region query: give a saved subcorpus or filters, not both");
        return analysis::open_subcorpus(index, args.name, threads);
    }
    return analysis::resolve_subcorpus(index, definition, "", threads);
}

}  // namespace presser::cli
