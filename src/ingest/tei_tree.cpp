#include "ingest/tei_tree.h"

#include "ingest/text_util.h"

namespace presser::ingest::tei {

pugi::xml_node descend(pugi::xml_node node, std::initializer_list<std::string_view> path) {
    for (std::string_view name : path) {
        if (!node) break;
        node = child_element(node, name);
    }
    return node;
}

std::string folded_text(const pugi::xml_node& node) {
    std::string raw;
    walk_descendants(node, [&](const pugi::xml_node& n) {
        if (is_text(n)) raw += n.value();
        return true;
    });
    return collapse_spaces(raw);
}

std::string_view language_of(pugi::xml_node node) {
    for (; node; node = node.parent())
        if (auto lang = node.attribute("xml:lang")) return lang.value();
    return {};
}

std::string pointer_id(std::string_view pointers) {
    pointers = trim_view(pointers);
    std::string_view first = pointers.substr(0, pointers.find_first_of(" \t\r\n"));
    if (auto hash = first.rfind('#'); hash != std::string_view::npos) first.remove_prefix(hash + 1);
    return std::string(first);
}

std::vector<std::string> pointer_ids(std::string_view pointers) {
    std::vector<std::string> ids;
    for (const std::string& token : split_words(pointers)) {
        std::string id = pointer_id(token);
        if (!id.empty()) ids.push_back(std::move(id));
    }
    return ids;
}

}  // namespace presser::ingest::tei
