// Persons and organisations (listPerson, listOrg) from the document itself or, read once per folder and
// cached, from its corpus root; and the name helpers that go with them. Internal to src/ingest.
#pragma once

#include <pugixml.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace presser::ingest::tei {

struct LanguageText {
    std::string language;
    std::string text;
    bool abbreviation = false;
};

struct PersonName {
    std::string text;
    std::string from, to;
};

struct Affiliation {
    std::string org;   // org id
    std::string role;  // "member", "MP", "minister", ...
    std::string from, to;
};

struct Person {
    std::vector<PersonName> names;
    std::vector<Affiliation> affiliations;
};

struct Org {
    std::vector<LanguageText> names;
    std::string role;  // "parliament", "politicalParty", "government", ...
};

struct Registry {
    std::unordered_map<std::string, Person> persons;
    std::unordered_map<std::string, Org> orgs;
    [[nodiscard]] bool empty() const { return persons.empty() && orgs.empty(); }
};

// Adds the persons and orgs under `root` (outside <text>) to `registry`; the first definition of an id wins.
void collect_registry(const pugi::xml_node& root, Registry& registry);

// The document's own persons and orgs first, then (read only when needed) the nearest corpus root.
class Registries {
public:
    Registries(const Registry& local, std::string source_path) : local_(local), source_path_(std::move(source_path)) {}

    const Person* person(const std::string& id) {
        if (auto found = local_.persons.find(id); found != local_.persons.end()) return &found->second;
        const Registry* outer = external();
        if (!outer) return nullptr;
        auto found = outer->persons.find(id);
        return found == outer->persons.end() ? nullptr : &found->second;
    }

    const Org* org(const std::string& id) {
        if (auto found = local_.orgs.find(id); found != local_.orgs.end()) return &found->second;
        const Registry* outer = external();
        if (!outer) return nullptr;
        auto found = outer->orgs.find(id);
        return found == outer->orgs.end() ? nullptr : &found->second;
    }

private:
    const Registry* external();

    const Registry& local_;
    std::string source_path_;
    bool searched_ = false;
    std::shared_ptr<const Registry> external_;
};

// A name in the document's language, else in English, else any full name, else an abbreviation.
[[nodiscard]] const LanguageText* preferred_text(const std::vector<LanguageText>& texts, std::string_view language);

// Whether an ISO date falls within [from, to]; a bound of lower precision ("2018") covers its whole
// period. Without a date only open-ended (current) periods count.
[[nodiscard]] bool in_period(std::string_view date, std::string_view from, std::string_view to);

// Accent-, case- and space-insensitive form of a name, to compare "Durmuş Yılmaz" with "DURMUS YILMAZ".
[[nodiscard]] std::string compact_key(std::string_view name);

// The readable form of a person id when nothing better is known: "MetinNurullah.Sazak" -> "Metin Nurullah Sazak".
[[nodiscard]] std::string name_from_id(std::string_view id);

}  // namespace presser::ingest::tei
