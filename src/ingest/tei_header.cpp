#include "ingest/tei_header.h"

#include <utility>
#include <vector>

#include "ingest/tei_tree.h"
#include "ingest/text_util.h"

namespace presser::ingest::tei {
namespace {

std::string choose_title(const pugi::xml_node& title_stmt, const std::string& language) {
    std::vector<LanguageText> main_titles, other_titles;
    for (pugi::xml_node title = title_stmt.first_child(); title; title = title.next_sibling()) {
        if (!is_element(title, "title")) continue;
        LanguageText text{std::string(language_of(title)), folded_text(title), false};
        if (text.text.empty()) continue;
        (attribute(title, "type") == "main" ? main_titles : other_titles).push_back(std::move(text));
    }
    const LanguageText* chosen = preferred_text(main_titles.empty() ? other_titles : main_titles, language);
    return chosen ? chosen->text : "";
}

// The body that meets (titleStmt/meeting/@corresp, named in listOrg), else the publisher of the
// source transcript, else the meeting body's id.
std::string choose_organiser(const pugi::xml_node& title_stmt, const pugi::xml_node& source_desc, const std::string& language,
                             Registries& registries) {
    std::string meeting_body;
    for (pugi::xml_node meeting = title_stmt.first_child(); meeting && meeting_body.empty(); meeting = meeting.next_sibling())
        if (is_element(meeting, "meeting")) meeting_body = pointer_id(attribute(meeting, "corresp"));
    if (!meeting_body.empty())
        if (const Org* org = registries.org(meeting_body))
            if (const LanguageText* name = preferred_text(org->names, language)) return name->text;
    std::vector<LanguageText> publishers;
    walk_descendants(source_desc, [&](const pugi::xml_node& node) {
        if (!is_element(node, "publisher")) return true;
        std::string text = folded_text(node);
        if (!text.empty()) publishers.push_back({std::string(language_of(node)), std::move(text), false});
        return false;
    });
    if (const LanguageText* publisher = preferred_text(publishers, language)) return publisher->text;
    return meeting_body;
}

}  // namespace

Sitting read_header(const pugi::xml_node& header, const pugi::xml_node& tei, Registries& registries, Draft& draft) {
    Sitting sitting;
    sitting.language = language_of(tei);
    if (sitting.language.empty()) sitting.language = language_of(child_element(tei, "text"));
    draft.language = sitting.language;

    pugi::xml_node title_stmt = descend(header, {"fileDesc", "titleStmt"});
    draft.title = choose_title(title_stmt, sitting.language);

    pugi::xml_node setting = descend(header, {"profileDesc", "settingDesc", "setting"});
    sitting.date = attribute(child_element(setting, "date"), "when");
    if (sitting.date.empty()) {
        walk_descendants(descend(header, {"fileDesc", "sourceDesc"}), [&](const pugi::xml_node& node) {
            if (sitting.date.empty() && is_element(node, "date")) sitting.date = attribute(node, "when");
            return sitting.date.empty();
        });
    }
    sitting.date = sitting.date.substr(0, 10);  // "2018-07-07T14:00:00" -> the day
    if (!sitting.date.empty()) draft.declared_date = model::PartialDate::parse_iso(sitting.date);

    draft.organiser = choose_organiser(title_stmt, descend(header, {"fileDesc", "sourceDesc"}), sitting.language, registries);

    std::string venue;
    for (pugi::xml_node part = setting.first_child(); part; part = part.next_sibling()) {
        if (part.type() != pugi::node_element || local_name(part) == "date") continue;
        std::string text = folded_text(part);
        if (!text.empty()) venue += (venue.empty() ? "" : ", ") + text;
    }
    draft.venue = venue;
    return sitting;
}

}  // namespace presser::ingest::tei
