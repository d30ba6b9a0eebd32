// Helpers over pugixml's tree for TEI: names without prefixes, children, attributes, a walk without
// recursion, folded text, xml:lang, and "#id" pointers. Internal to src/ingest.
#pragma once

#include <pugixml.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace presser::ingest::tei {

inline std::string_view local_name(const pugi::xml_node& node) {
    std::string_view name = node.name();
    if (auto colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return name;
}

inline bool is_element(const pugi::xml_node& node, std::string_view name) {
    return node.type() == pugi::node_element && local_name(node) == name;
}

inline bool is_text(const pugi::xml_node& node) {
    return node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata;
}

inline std::string_view attribute(const pugi::xml_node& node, const char* name) { return node.attribute(name).value(); }

inline pugi::xml_node child_element(const pugi::xml_node& node, std::string_view name) {
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling())
        if (is_element(child, name)) return child;
    return {};
}

// The element at the end of a path of child names, or an empty node.
[[nodiscard]] pugi::xml_node descend(pugi::xml_node node, std::initializer_list<std::string_view> path);

// Visits the descendants of `root` in document order; `visit` returns false to skip a node's children.
template <class Visit>
void walk_descendants(const pugi::xml_node& root, Visit&& visit) {
    pugi::xml_node node = root.first_child();
    while (node) {
        if (visit(node) && node.first_child()) {
            node = node.first_child();
            continue;
        }
        while (node != root && !node.next_sibling()) node = node.parent();
        if (node == root) break;
        node = node.next_sibling();
    }
}

// The text content of an element with white space folded.
[[nodiscard]] std::string folded_text(const pugi::xml_node& node);

// xml:lang of the node or its nearest ancestor that has one.
[[nodiscard]] std::string_view language_of(pugi::xml_node node);

// "#party.AKP" -> "party.AKP"; "ParlaMint-TR.xml#x" -> "x"; the first of a list of pointers.
[[nodiscard]] std::string pointer_id(std::string_view pointers);
// Every id of a list of pointers.
[[nodiscard]] std::vector<std::string> pointer_ids(std::string_view pointers);

}  // namespace presser::ingest::tei
