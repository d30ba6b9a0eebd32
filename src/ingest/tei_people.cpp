#include "ingest/tei_people.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include "ingest/label_grammar.h"
#include "ingest/tei_tree.h"
#include "ingest/text_util.h"

namespace presser::ingest::tei {
namespace {

namespace fs = std::filesystem;

// Speaker registries (corpus roots, listPerson files) larger than this are not worth reading for names.
constexpr std::uintmax_t kMaxRegistryFileBytes = 256u * 1024u * 1024u;
// How many folders above a transcript may hold its corpus root (ParlaMint puts sittings in year folders).
constexpr int kRegistrySearchLevels = 3;

// "Forename Surname" from a structured persName; its text when it has no parts. Role names and
// additional names ("Dr.", "Sayın") are titles, not part of the name.
std::string compose_person_name(const pugi::xml_node& pers_name) {
    std::string forenames, links, surnames, generations;
    bool structured = false;
    for (pugi::xml_node part = pers_name.first_child(); part; part = part.next_sibling()) {
        if (part.type() != pugi::node_element) continue;
        structured = true;
        std::string_view name = local_name(part);
        std::string* target = name == "forename" ? &forenames : name == "surname" ? &surnames
                            : name == "nameLink" ? &links : name == "genName" ? &generations : nullptr;
        if (target) *target += " " + folded_text(part);
    }
    if (!structured) return folded_text(pers_name);
    return collapse_spaces(forenames + " " + links + " " + surnames + " " + generations);
}

void read_person(const pugi::xml_node& node, Person& person) {
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
        if (is_element(child, "persName")) {
            std::string text = compose_person_name(child);
            if (!text.empty())
                person.names.push_back({std::move(text), std::string(attribute(child, "from")), std::string(attribute(child, "to"))});
        } else if (is_element(child, "affiliation")) {
            std::string org = pointer_id(attribute(child, "ref"));
            if (org.empty()) continue;
            person.affiliations.push_back({std::move(org), std::string(attribute(child, "role")),
                                           std::string(attribute(child, "from")), std::string(attribute(child, "to"))});
        }
    }
}

void read_org(const pugi::xml_node& node, Org& org) {
    org.role = attribute(node, "role");
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
        if (!is_element(child, "orgName")) continue;
        std::string text = folded_text(child);
        std::string_view full = attribute(child, "full");
        if (!text.empty())
            org.names.push_back({std::string(attribute(child, "xml:lang")), std::move(text), full == "init" || full == "abb"});
    }
}

// The name of an XML file's root element, read from its first bytes ("" when not found there).
std::string sniff_root_element(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    std::size_t at = 0;
    while ((at = head.find('<', at)) != std::string::npos) {
        std::string_view closing = head.compare(at, 4, "<!--") == 0 ? "-->" : ">";
        if (at + 1 < head.size() && (head[at + 1] == '?' || head[at + 1] == '!')) {
            at = head.find(closing, at + 1);
            if (at == std::string::npos) return "";
            continue;
        }
        std::size_t end = head.find_first_of(" \t\r\n/>", at + 1);
        if (end == std::string::npos) return "";
        std::string name = head.substr(at + 1, end - at - 1);
        if (auto colon = name.find(':'); colon != std::string::npos) name.erase(0, colon + 1);
        return name;
    }
    return "";
}

// Persons and orgs of the corpus files in a folder: teiCorpus roots and stand-alone listPerson/listOrg files.
std::shared_ptr<const Registry> load_folder_registry(const fs::path& folder) {
    auto registry = std::make_shared<Registry>();
    std::vector<fs::path> files;
    std::error_code error;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        std::error_code entry_error;
        if (!it->is_regular_file(entry_error)) continue;
        std::string extension = ascii_lower(it->path().extension().string());
        if (extension != ".xml") continue;
        std::uintmax_t size = it->file_size(entry_error);
        if (entry_error || size > kMaxRegistryFileBytes) continue;
        files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());  // the first definition of an id wins: keep that deterministic
    for (const fs::path& file : files) {
        std::string root = sniff_root_element(file);
        if (root != "teiCorpus" && root != "listPerson" && root != "listOrg" && root != "particDesc") continue;
        pugi::xml_document document;
        if (document.load_file(file.c_str(), pugi::parse_default, pugi::encoding_auto)) collect_registry(document, *registry);
    }
    return registry;
}

// Each folder's registry is read once per process: every sitting of a corpus needs the same root file.
std::shared_ptr<const Registry> folder_registry(const fs::path& folder) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const Registry>> cache;
    std::lock_guard lock(mutex);
    std::string key = folder.string();
    if (auto found = cache.find(key); found != cache.end()) return found->second;
    std::shared_ptr<const Registry> loaded = load_folder_registry(folder);
    cache.emplace(std::move(key), loaded);
    return loaded;
}

}  // namespace

void collect_registry(const pugi::xml_node& root, Registry& registry) {
    walk_descendants(root, [&](const pugi::xml_node& node) {
        if (node.type() != pugi::node_element) return false;
        std::string_view name = local_name(node);
        std::string_view id = attribute(node, "xml:id");
        if (name == "person" && !id.empty()) {
            auto [entry, inserted] = registry.persons.try_emplace(std::string(id));
            if (inserted) read_person(node, entry->second);
            return false;
        }
        if (name == "org" && !id.empty()) {
            auto [entry, inserted] = registry.orgs.try_emplace(std::string(id));
            if (inserted) read_org(node, entry->second);
        }
        return name != "text";  // persons and orgs live in headers and list files, not in transcripts' bodies
    });
}

const Registry* Registries::external() {
    if (searched_) return external_.get();
    searched_ = true;
    // Text given in memory under a made-up name has no folder to look in.
    std::error_code error;
    fs::path file(source_path_);
    if (source_path_.empty() || !fs::is_regular_file(file, error)) return nullptr;
    fs::path folder = fs::weakly_canonical(fs::absolute(file, error), error).parent_path();
    for (int level = 0; level < kRegistrySearchLevels && !folder.empty(); ++level) {
        std::shared_ptr<const Registry> registry = folder_registry(folder);
        if (!registry->empty()) {
            external_ = std::move(registry);
            break;
        }
        if (folder == folder.parent_path()) break;
        folder = folder.parent_path();
    }
    return external_.get();
}

const LanguageText* preferred_text(const std::vector<LanguageText>& texts, std::string_view language) {
    auto find = [&](auto accept) -> const LanguageText* {
        auto it = std::find_if(texts.begin(), texts.end(), accept);
        return it == texts.end() ? nullptr : &*it;
    };
    if (!language.empty())
        if (auto found = find([&](const LanguageText& t) { return !t.abbreviation && t.language == language; })) return found;
    if (auto found = find([](const LanguageText& t) { return !t.abbreviation && t.language == "en"; })) return found;
    if (auto found = find([](const LanguageText& t) { return !t.abbreviation; })) return found;
    return texts.empty() ? nullptr : &texts.front();
}

bool in_period(std::string_view date, std::string_view from, std::string_view to) {
    if (date.empty()) return to.empty();
    if (!from.empty() && date.substr(0, from.size()) < from) return false;
    if (!to.empty() && date.substr(0, to.size()) > to) return false;
    return true;
}

std::string compact_key(std::string_view name) {
    std::string folded = fold_key(name);
    std::erase(folded, ' ');
    return folded;
}

std::string name_from_id(std::string_view id) {
    std::string out;
    bool previous_lower = false;
    for (std::int32_t i = 0, length = static_cast<std::int32_t>(id.size()); i < length;) {
        std::int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(id.data(), i, length, c);
        if (c == '.' || c == '_' || c == '-' || c < 0 || u_iscntrl(c) || u_isUWhiteSpace(c)) {
            out.push_back(' ');
            previous_lower = false;
            continue;
        }
        if (previous_lower && u_isupper(c)) out.push_back(' ');
        out.append(id.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        previous_lower = u_islower(c);
    }
    std::string readable = collapse_spaces(out);
    if (!readable.empty() && readable != " ") return readable;
    // "#." stays as written; an id of nothing but separators, spaces or control characters names nobody: an
    // unidentified speaker has an empty name (docs/json.md).
    const bool printable = std::none_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) <= ' '; });
    return id.empty() || !printable ? std::string() : std::string(id);
}

}  // namespace presser::ingest::tei
