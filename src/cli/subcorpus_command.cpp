// presser subcorpus save NAME --index DIR [filters] [--cql REGION]
// presser subcorpus list|show NAME|delete NAME --index DIR [--format table|json]
#include <iostream>
#include <memory>

#include "analysis/analysis_json.h"
#include "analysis/subcorpus_store.h"
#include "cli/analysis_output.h"
#include "cli/commands.h"
#include "cli/subcorpus_options.h"
#include "model/terminal_text.h"

namespace presser::cli {
namespace {

struct SubcorpusCommandArguments {
    std::string index;
    std::string name;
    SubcorpusArguments definition;
    std::string format = "table";
};

int fail(const std::string& message, int code) {
    std::cerr << "presser subcorpus: " << terminal_safe(message) << "\n";
    return code;
}

Result<index::Index> open_index(const std::string& directory) { return index::Index::open(directory); }

int run_save(const SubcorpusCommandArguments& args) {
    if (auto problem = analysis::subcorpus_name_problem(args.name); !problem.empty()) return fail(problem, 2);
    auto index = open_index(args.index);
    if (!index) return fail(index.error().describe(), 1);
    const auto definition = definition_of(args.definition);
    // Resolved before saving, so that a bad query is refused now rather than at every use.
    auto resolved = analysis::resolve_subcorpus(index.value(), definition, args.name);
    if (!resolved) return fail(resolved.error().message, 2);
    if (auto saved = analysis::save_subcorpus(index->directory(), args.name, definition); !saved) return fail(saved.error().describe(), 1);
    std::cout << "saved " << size_line(resolved.value()) << (resolved->size.tokens == 0 ? " (empty on this index)" : "") << "\n";
    return 0;
}

int run_list(const SubcorpusCommandArguments& args) {
    if (!valid_format("subcorpus", args.format)) return 2;
    auto index = open_index(args.index);
    if (!index) return fail(index.error().describe(), 1);
    auto names = analysis::list_subcorpora(index->directory());
    if (!names) return fail(names.error().describe(), 1);
    analysis::OrderedJson out = analysis::OrderedJson::array();
    for (const auto& name : names.value()) {
        auto subcorpus = analysis::open_subcorpus(index.value(), name);
        if (!subcorpus) {
            if (args.format == "json") out.push_back(analysis::unresolved_subcorpus_json(name, subcorpus.error()));
            else std::cout << terminal_safe(name) << ": " << terminal_safe(subcorpus.error().describe()) << "\n";
            continue;
        }
        if (args.format == "json") out.push_back(analysis::subcorpus_json(subcorpus.value()));
        else if (args.format == "tsv") std::cout << tsv_field(name) << '\t' << subcorpus->size.tokens << '\t' << subcorpus->size.turns << '\t' << subcorpus->size.events << '\t' << tsv_field(analysis::describe(subcorpus->definition)) << '\n';
        else std::cout << size_line(subcorpus.value()) << "\n";
    }
    if (args.format == "json") std::cout << out.dump(2) << "\n";
    else if (args.format == "table" && names->empty()) std::cout << "no saved subcorpora (presser subcorpus save NAME --index DIR ...)\n";
    return 0;
}

int run_show(const SubcorpusCommandArguments& args) {
    if (!valid_format("subcorpus", args.format)) return 2;
    auto index = open_index(args.index);
    if (!index) return fail(index.error().describe(), 1);
    auto subcorpus = analysis::open_subcorpus(index.value(), args.name);
    if (!subcorpus) return fail(subcorpus.error().describe(), 2);
    if (args.format == "json") std::cout << analysis::subcorpus_json(subcorpus.value()).dump(2) << "\n";
    else std::cout << size_line(subcorpus.value()) << "\n";
    return 0;
}

int run_delete(const SubcorpusCommandArguments& args) {
    auto index = open_index(args.index);
    if (!index) return fail(index.error().describe(), 1);
    if (auto deleted = analysis::delete_subcorpus(index->directory(), args.name); !deleted) return fail(deleted.error().describe(), 2);
    std::cout << "deleted " << terminal_safe(args.name) << "\n";
    return 0;
}

}  // namespace

std::function<int()> add_subcorpus_command(CLI::App& app) {
    auto args = std::make_shared<SubcorpusCommandArguments>();
    CLI::App* command = app.add_subcommand("subcorpus", "Named subcorpora saved in the index: save, list, show, delete");
    command->require_subcommand(1);
    CLI::App* save = command->add_subcommand("save", "Save a subcorpus definition (filters and/or a CQL region query) under a name");
    save->add_option("name", args->name, "The name (letters, digits, '-', '_', '.')")->required();
    save->add_option("--index", args->index, "Index directory")->required();
    save->add_option("--cql,--within", args->definition.within, "A CQL region query, e.g. '<turn role=\"official\"/>'");
    add_filter_options(save, args->definition.filters);
    CLI::App* list = command->add_subcommand("list", "List the saved subcorpora with their sizes on the index");
    list->add_option("--index", args->index, "Index directory")->required();
    list->add_option("--format", args->format, "table, tsv or json")->capture_default_str();
    CLI::App* show = command->add_subcommand("show", "A saved subcorpus's definition and sizes");
    show->add_option("name", args->name, "The name")->required();
    show->add_option("--index", args->index, "Index directory")->required();
    show->add_option("--format", args->format, "table or json")->capture_default_str();
    CLI::App* remove = command->add_subcommand("delete", "Delete a saved subcorpus");
    remove->add_option("name", args->name, "The name")->required();
    remove->add_option("--index", args->index, "Index directory")->required();
    return [args, save, list, show] {
        if (save->parsed()) return run_save(*args);
        if (list->parsed()) return run_list(*args);
        if (show->parsed()) return run_show(*args);
        return run_delete(*args);
    };
}

}  // namespace presser::cli
