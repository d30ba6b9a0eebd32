// TEI transcriptions of spoken events: ParlaMint / Parla-CLARIN (<u who ana><seg>…</seg></u>, <note>
// between utterances) and the TEI drama-style <sp><speaker>…</speaker><p>…</p></sp>. docs/formats/tei.md
// says what is read from where.
//
// The document is parsed with pugixml from a copy of the decoded text, so node offsets are byte offsets
// in SourceText::text. Everything here walks the tree without recursion: arbitrary input may nest
// elements as deeply as it likes.
#include <pugixml.hpp>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "ingest/format_parsers.h"
#include "ingest/text_util.h"

namespace presser::ingest {
namespace {

namespace fs = std::filesystem;
using model::Role;
using model::TurnKind;

constexpr std::string_view kTeiNamespace = "http://www.tei-c.org/ns/1.0";
// Speaker registries (corpus roots, listPerson files) larger than this are not worth reading for names.
constexpr std::uintmax_t kMaxRegistryFileBytes = 256u * 1024u * 1024u;
// How many folders above a transcript may hold its corpus root (ParlaMint puts sittings in year folders).
constexpr int kRegistrySearchLevels = 3;

// ---------------------------------------------------------------------------------------------------
// Tree helpers

std::string_view local_name(const pugi::xml_node& node) {
    std::string_view name = node.name();
    if (auto colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return name;
}

bool is_element(const pugi::xml_node& node, std::string_view name) {
    return node.type() == pugi::node_element && local_name(node) == name;
}

bool is_text(const pugi::xml_node& node) {
    return node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata;
}

std::string_view attribute(const pugi::xml_node& node, const char* name) { return node.attribute(name).value(); }

pugi::xml_node child_element(const pugi::xml_node& node, std::string_view name) {
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling())
        if (is_element(child, name)) return child;
    return {};
}

// The element at the end of a path of child names, or an empty node.
pugi::xml_node descend(pugi::xml_node node, std::initializer_list<std::string_view> path) {
    for (std::string_view name : path) {
        if (!node) break;
        node = child_element(node, name);
    }
    return node;
}

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
std::string folded_text(const pugi::xml_node& node) {
    std::string raw;
    walk_descendants(node, [&](const pugi::xml_node& n) {
        if (is_text(n)) raw += n.value();
        return true;
    });
    return collapse_spaces(raw);
}

// xml:lang of the node or its nearest ancestor that has one.
std::string_view language_of(pugi::xml_node node) {
    for (; node; node = node.parent())
        if (auto lang = node.attribute("xml:lang")) return lang.value();
    return {};
}

// "#party.AKP" -> "party.AKP"; "ParlaMint-TR.xml#x" -> "x"; the first of a list of pointers.
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

// Whether an ISO date falls within [from, to]; a bound of lower precision ("2018") covers its whole
// period. Without a date only open-ended (current) periods count.
bool in_period(std::string_view date, std::string_view from, std::string_view to) {
    if (date.empty()) return to.empty();
    if (!from.empty() && date.substr(0, from.size()) < from) return false;
    if (!to.empty() && date.substr(0, to.size()) > to) return false;
    return true;
}

// Accent-, case- and space-insensitive form of a name, to compare "Durmuş Yılmaz" with "DURMUS YILMAZ".
std::string compact_key(std::string_view name) {
    std::string folded = fold_key(name);
    std::erase(folded, ' ');
    return folded;
}

// The readable form of a person id when nothing better is known: "MetinNurullah.Sazak" -> "Metin Nurullah Sazak".
std::string name_from_id(std::string_view id) {
    std::string out;
    bool previous_lower = false;
    for (std::int32_t i = 0, length = static_cast<std::int32_t>(id.size()); i < length;) {
        std::int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(id.data(), i, length, c);
        if (c == '.' || c == '_' || c == '-' || c < 0) {
            out.push_back(' ');
            previous_lower = false;
            continue;
        }
        if (previous_lower && u_isupper(c)) out.push_back(' ');
        out.append(id.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        previous_lower = u_islower(c);
    }
    std::string readable = collapse_spaces(out);
    if (!readable.empty()) return readable;
    return id.empty() ? std::string("unknown speaker") : std::string(id);  // "#." stays as written
}

// ---------------------------------------------------------------------------------------------------
// Persons and organisations (listPerson, listOrg), from the document itself or its corpus root

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
    const Registry* external() {
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

    const Registry& local_;
    std::string source_path_;
    bool searched_ = false;
    std::shared_ptr<const Registry> external_;
};

// A name in the document's language, else in English, else any full name, else an abbreviation.
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

// ---------------------------------------------------------------------------------------------------
// One <TEI> document -> one Draft

// Elements that are remarks of the transcriber, not speech: asides inside a paragraph, their own
// blocks between paragraphs.
bool is_remark_element(std::string_view name) {
    return name == "note" || name == "vocal" || name == "incident" || name == "kinesic" || name == "gap" || name == "stage";
}

bool is_paragraph_element(std::string_view name) { return name == "seg" || name == "p" || name == "ab" || name == "l"; }

// What a block of editorial text outside speech is. Untyped notes and events (applause, noise,
// "microphone switched off") are what a printed transcript puts in parentheses: stage directions.
// Typed notes (time, chair, narrative, summary) and headings describe the proceedings: narration.
std::optional<TurnKind> editorial_kind(const pugi::xml_node& node) {
    std::string_view name = local_name(node);
    if (name == "note") {
        std::string_view type = attribute(node, "type");
        return type.empty() || type == "comment" ? TurnKind::stage_direction : TurnKind::narration;
    }
    if (is_remark_element(name)) return TurnKind::stage_direction;
    if (name == "head" || name == "docDate" || name == "trailer" || name == "byline" || name == "dateline" ||
        is_paragraph_element(name))
        return TurnKind::narration;
    return std::nullopt;
}

struct SpeakerEntry {
    Label label;
    std::string compact_name;     // compact_key of the display name, to match <note type="chair">
    std::string compact_id_name;  // compact_key of the name read from the id
    bool presides = false;        // spoke as chair at least once
    bool governs = false;         // a minister or member of the government on the sitting's date
    bool typed = false;           // the utterances say what kind of speaker this is (@ana: #regular, #guest)
};

struct TextSpan {
    std::size_t start = std::string::npos;
    std::size_t end = 0;
    void add(std::size_t from, std::size_t to) {
        start = std::min(start, from);
        end = std::max(end, to);
    }
    [[nodiscard]] bool empty() const { return start == std::string::npos || end <= start; }
};

class DocumentReader {
public:
    DocumentReader(const SourceText& source, Registries& registries) : source_(source), registries_(registries) {}

    Draft read(const pugi::xml_node& tei) {
        draft_.source = source_.path;
        draft_.source_text = &source_.text;
        draft_.source_format = "tei";
        draft_.source_encoding = source_.encoding;
        draft_.warnings = source_.warnings;
        read_header(child_element(tei, "teiHeader"), tei);
        pugi::xml_node body = child_element(tei, "text");
        read_body(body ? body : tei);
        assign_roles();
        return std::move(draft_);
    }

private:
    // --- header --------------------------------------------------------------------------------------

    void read_header(const pugi::xml_node& header, const pugi::xml_node& tei) {
        language_ = language_of(tei);
        if (language_.empty()) language_ = language_of(child_element(tei, "text"));
        draft_.language = language_;

        pugi::xml_node title_stmt = descend(header, {"fileDesc", "titleStmt"});
        draft_.title = choose_title(title_stmt);

        pugi::xml_node setting = descend(header, {"profileDesc", "settingDesc", "setting"});
        date_ = attribute(child_element(setting, "date"), "when");
        if (date_.empty()) {
            walk_descendants(descend(header, {"fileDesc", "sourceDesc"}), [&](const pugi::xml_node& node) {
                if (date_.empty() && is_element(node, "date")) date_ = attribute(node, "when");
                return date_.empty();
            });
        }
        date_ = date_.substr(0, 10);  // "2018-07-07T14:00:00" -> the day
        if (!date_.empty()) draft_.declared_date = model::PartialDate::parse_iso(date_);

        draft_.organiser = choose_organiser(title_stmt, descend(header, {"fileDesc", "sourceDesc"}));

        std::string venue;
        for (pugi::xml_node part = setting.first_child(); part; part = part.next_sibling()) {
            if (part.type() != pugi::node_element || local_name(part) == "date") continue;
            std::string text = folded_text(part);
            if (!text.empty()) venue += (venue.empty() ? "" : ", ") + text;
        }
        draft_.venue = venue;
    }

    std::string choose_title(const pugi::xml_node& title_stmt) {
        std::vector<LanguageText> main_titles, other_titles;
        for (pugi::xml_node title = title_stmt.first_child(); title; title = title.next_sibling()) {
            if (!is_element(title, "title")) continue;
            LanguageText text{std::string(language_of(title)), folded_text(title), false};
            if (text.text.empty()) continue;
            (attribute(title, "type") == "main" ? main_titles : other_titles).push_back(std::move(text));
        }
        const LanguageText* chosen = preferred_text(main_titles.empty() ? other_titles : main_titles, language_);
        return chosen ? chosen->text : "";
    }

    // The body that meets (titleStmt/meeting/@corresp, named in listOrg), else the publisher of the
    // source transcript, else the meeting body's id.
    std::string choose_organiser(const pugi::xml_node& title_stmt, const pugi::xml_node& source_desc) {
        std::string meeting_body;
        for (pugi::xml_node meeting = title_stmt.first_child(); meeting && meeting_body.empty(); meeting = meeting.next_sibling())
            if (is_element(meeting, "meeting")) meeting_body = pointer_id(attribute(meeting, "corresp"));
        if (!meeting_body.empty())
            if (const Org* org = registries_.org(meeting_body))
                if (const LanguageText* name = preferred_text(org->names, language_)) return name->text;
        std::vector<LanguageText> publishers;
        walk_descendants(source_desc, [&](const pugi::xml_node& node) {
            if (!is_element(node, "publisher")) return true;
            std::string text = folded_text(node);
            if (!text.empty()) publishers.push_back({std::string(language_of(node)), std::move(text), false});
            return false;
        });
        if (const LanguageText* publisher = preferred_text(publishers, language_)) return publisher->text;
        return meeting_body;
    }

    // --- body ----------------------------------------------------------------------------------------

    void read_body(const pugi::xml_node& body) {
        walk_descendants(body, [&](const pugi::xml_node& node) {
            if (node.type() != pugi::node_element) return false;
            std::string_view name = local_name(node);
            if (name == "teiHeader") return false;
            if (name == "u" || name == "sp") {
                read_utterance(node);
                return false;
            }
            if (name == "note" && attribute(node, "type") == "chair") chair_ = compact_key(folded_text(node));
            if (std::optional<TurnKind> kind = editorial_kind(node)) {
                add_editorial(node, *kind);
                return false;
            }
            return true;
        });
    }

    void read_utterance(const pugi::xml_node& utterance) {
        const std::string key = register_speaker(utterance);
        bool label_next = true;
        bool has_paragraphs = false;
        for (pugi::xml_node child = utterance.first_child(); child && !has_paragraphs; child = child.next_sibling())
            has_paragraphs = child.type() == pugi::node_element && is_paragraph_element(local_name(child));
        if (!has_paragraphs) {  // <u who="#x">text</u>: the utterance is its one paragraph
            add_speech(utterance, key, label_next);
            return;
        }
        walk_descendants(utterance, [&](const pugi::xml_node& node) {
            if (node.type() != pugi::node_element) return false;
            std::string_view name = local_name(node);
            if (name == "speaker") return false;  // the label of an <sp>, read by register_speaker
            if (is_paragraph_element(name)) {
                add_speech(node, key, label_next);
                return false;
            }
            if (std::optional<TurnKind> kind = editorial_kind(node)) {
                if (add_editorial(node, *kind)) label_next = true;  // the speaker resumes after the remark
                return false;
            }
            return true;
        });
    }

    // The identity key of the utterance's speaker; registers the speaker's label on first sight.
    std::string register_speaker(const pugi::xml_node& utterance) {
        std::string id = pointer_id(attribute(utterance, "who"));
        std::vector<std::string> analysis = pointer_ids(attribute(utterance, "ana"));
        std::string key = id.empty() ? "unidentified:" + (analysis.empty() ? std::string() : analysis.front()) : id;
        auto [entry, inserted] = speakers_.try_emplace(key);
        SpeakerEntry& speaker = entry->second;
        if (inserted) {
            if (id.empty()) {
                // <u ana="#guest"> with no who: someone the transcript does not identify.
                speaker.label = interpret_label(analysis.empty() ? "unidentified" : analysis.front(), LabelClass::voice);
                speaker.label.name.clear();
            } else {
                const Person* person = registries_.person(id);
                pugi::xml_node written = child_element(utterance, "speaker");
                if (person || !written) {
                    std::string name = person_name(id, person);
                    speaker.label = interpret_label(name, LabelClass::named);
                    // A registered or derived name is a name: the label grammar's title and comma splitting
                    // ("Yılmaz, Durmuş") would only misread it.
                    speaker.label.name = name;
                    speaker.label.title.clear();
                } else {
                    // <speaker>MODERATOR:</speaker> is a label as written: the label grammar reads it.
                    std::string label = folded_text(written);
                    while (!label.empty() && (label.back() == ':' || label.back() == '.')) label.pop_back();
                    speaker.label = interpret_label(label.empty() ? name_from_id(id) : label, LabelClass::named);
                }
                speaker.compact_name = compact_key(speaker.label.name);
                speaker.compact_id_name = compact_key(name_from_id(id));
                if (person) read_affiliations(*person, speaker);
            }
            speaker.label.key = key;
        }
        bool chair_by_analysis = std::find(analysis.begin(), analysis.end(), "chair") != analysis.end();
        bool chair_by_note = !chair_.empty() && !id.empty() && (chair_ == speaker.compact_name || chair_ == speaker.compact_id_name);
        if (chair_by_analysis || chair_by_note) speaker.presides = true;
        if (!analysis.empty()) speaker.typed = true;
        return key;
    }

    std::string person_name(const std::string& id, const Person* person) {
        if (person && !person->names.empty()) {
            for (const PersonName& name : person->names)
                if (in_period(date_, name.from, name.to)) return name.text;
            return person->names.front().text;
        }
        return name_from_id(id);
    }

    // Parties and other bodies the person belonged to on the sitting's date. The parliament itself is
    // left out: every member has it, and it is the event's organiser.
    void read_affiliations(const Person& person, SpeakerEntry& speaker) {
        for (const Affiliation& affiliation : person.affiliations) {
            if (!in_period(date_, affiliation.from, affiliation.to)) continue;
            const Org* org = registries_.org(affiliation.org);
            std::string org_role = org ? org->role : "";
            if (ascii_lower(affiliation.role).find("minister") != std::string::npos || org_role == "government")
                speaker.governs = true;
            if (org_role == "parliament") continue;
            const LanguageText* name = org ? preferred_text(org->names, language_) : nullptr;
            std::string text = name ? name->text : affiliation.org;
            std::vector<std::string>& list = speaker.label.affiliations;
            if (std::find(list.begin(), list.end(), text) == list.end()) list.push_back(std::move(text));
        }
    }

    // Chairs moderate; ministers and government members are the officials; members and guests are
    // neither the officials answering a press nor journalists. A speaker the markup says nothing about
    // keeps what the label's words suggest ("MODERATOR"), or none, and the builder reads behaviour.
    void assign_roles() {
        for (DraftBlock& block : draft_.blocks) {
            if (!block.label) continue;
            auto found = speakers_.find(block.label->key);
            if (found == speakers_.end()) continue;
            const SpeakerEntry& speaker = found->second;
            if (speaker.presides) block.label->role_hint = Role::moderator;
            else if (speaker.governs) block.label->role_hint = Role::official;
            else if (speaker.typed) block.label->role_hint = Role::other;
        }
    }

    // --- paragraphs ----------------------------------------------------------------------------------

    void add_speech(const pugi::xml_node& container, const std::string& key, bool& label_next) {
        std::optional<model::Paragraph> paragraph = read_paragraph(container);
        if (!paragraph) return;
        DraftBlock block;
        if (paragraph->text.empty()) {
            // A paragraph holding only remarks ("<seg><note>Alkışlar</note></seg>") is a stage direction.
            if (paragraph->asides.empty()) return;
            std::string text;
            for (const model::Aside& aside : paragraph->asides) text += (text.empty() ? "" : " ") + aside.text;
            block.paragraph.text = std::move(text);
            block.paragraph.range = paragraph->range;
            block.editorial = TurnKind::stage_direction;
            draft_.blocks.push_back(std::move(block));
            label_next = true;
            return;
        }
        block.paragraph = std::move(*paragraph);
        if (label_next) block.label = speakers_.at(key).label;
        label_next = false;
        draft_.blocks.push_back(std::move(block));
    }

    bool add_editorial(const pugi::xml_node& node, TurnKind kind) {
        std::optional<model::Paragraph> paragraph = read_paragraph(node);
        if (!paragraph || paragraph->text.empty()) return false;
        DraftBlock block;
        block.paragraph = std::move(*paragraph);
        block.editorial = kind;
        block.heading = is_element(node, "head");
        draft_.blocks.push_back(std::move(block));
        return true;
    }

    // [start, end) of a text node's bytes in the source (entity references and CDATA markers included).
    std::optional<std::pair<std::size_t, std::size_t>> raw_span(const pugi::xml_node& node) const {
        std::ptrdiff_t offset = node.offset_debug();
        const std::string& text = source_.text;
        if (offset < 0 || static_cast<std::size_t>(offset) > text.size()) return std::nullopt;
        std::size_t start = static_cast<std::size_t>(offset);
        std::size_t end = node.type() == pugi::node_cdata ? text.find("]]>", start) : text.find('<', start);
        return std::pair{start, end == std::string::npos ? text.size() : end};
    }

    // [start, end) of an element's start tag, for remarks with no text ("<gap reason='inaudible'/>").
    std::optional<std::pair<std::size_t, std::size_t>> start_tag_span(const pugi::xml_node& node) const {
        std::ptrdiff_t offset = node.offset_debug();  // the element's name, after '<'
        const std::string& text = source_.text;
        if (offset < 1 || static_cast<std::size_t>(offset) > text.size()) return std::nullopt;
        char quote = 0;
        for (std::size_t i = static_cast<std::size_t>(offset); i < text.size(); ++i) {
            char c = text[i];
            if (quote) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return std::pair{static_cast<std::size_t>(offset) - 1, i + 1};
            }
        }
        return std::nullopt;
    }

    model::ByteRange trimmed_range(const TextSpan& span) const {
        std::string_view raw = std::string_view(source_.text).substr(span.start, span.end - span.start);
        std::string_view trimmed = trim_view(raw);
        std::uint64_t start = span.start + static_cast<std::size_t>(trimmed.data() - raw.data());
        return {start, start + trimmed.size()};
    }

    std::optional<model::Aside> read_aside(const pugi::xml_node& node) {
        std::string raw;
        TextSpan span;
        walk_descendants(node, [&](const pugi::xml_node& n) {
            if (!is_text(n)) return true;
            raw += n.value();
            if (auto bytes = raw_span(n)) span.add(bytes->first, bytes->second);
            return false;
        });
        model::Aside aside;
        aside.text = collapse_spaces(raw);
        if (aside.text.empty()) {
            // An empty remark says what it is in its attributes: <gap reason="inaudible"/>, <vocal type="laughter"/>.
            std::string_view description = attribute(node, "reason");
            if (description.empty()) description = attribute(node, "type");
            if (description.empty()) description = attribute(node, "desc");
            aside.text = collapse_spaces(description);
            span = {};
            if (auto tag = start_tag_span(node)) span.add(tag->first, tag->second);
        }
        if (aside.text.empty() || span.empty()) return std::nullopt;
        aside.range = trimmed_range(span);
        return aside;
    }

    // The paragraph an element holds: its text with remarks taken out as asides and white space folded;
    // its range runs from its first text to its last (remarks included), white space trimmed.
    std::optional<model::Paragraph> read_paragraph(const pugi::xml_node& container) {
        std::string raw;
        TextSpan span;
        std::vector<model::Aside> asides;
        bool glued = false;  // the previous token was marked join="right": no space after it
        auto add_text = [&](const pugi::xml_node& node) {
            std::string_view value = node.value();
            bool blank = trim_view(value).empty();
            if (!(glued && blank)) raw += value;
            if (!blank) glued = false;
            if (auto bytes = raw_span(node)) span.add(bytes->first, bytes->second);
        };
        walk_descendants(container, [&](const pugi::xml_node& node) {
            if (is_text(node)) {
                add_text(node);
                return false;
            }
            if (node.type() != pugi::node_element) return false;
            std::string_view name = local_name(node);
            if (is_remark_element(name)) {
                if (std::optional<model::Aside> aside = read_aside(node)) {
                    span.add(aside->range.start, aside->range.end);
                    asides.push_back(std::move(*aside));
                }
                return false;
            }
            if (name == "speaker") return false;
            if (name == "lb") {
                raw.push_back(' ');
                return false;
            }
            if (attribute(node, "join") == "right") {  // tokenised text (<w>, <pc>) in linguistically annotated files
                walk_descendants(node, [&](const pugi::xml_node& inner) {
                    if (is_text(inner)) add_text(inner);
                    return true;
                });
                glued = true;
                return false;
            }
            return true;
        });
        if (span.empty()) return std::nullopt;
        model::Paragraph paragraph;
        paragraph.text = collapse_spaces(raw);
        paragraph.range = trimmed_range(span);
        paragraph.asides = std::move(asides);
        return paragraph;
    }

    const SourceText& source_;
    Registries& registries_;
    Draft draft_;
    std::string language_;
    std::string date_;   // ISO date of the sitting, "" when unknown
    std::string chair_;  // compact_key of the name in the last <note type="chair">
    std::map<std::string, SpeakerEntry> speakers_;
};

std::uint64_t line_of(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

}  // namespace

Result<std::vector<Draft>> parse_tei_drafts(const SourceText& source) {
    pugi::xml_document document;
    // White space between inline elements is text ("<hi>a</hi> <hi>b</hi>"); the source is already UTF-8
    // whatever its declaration says, so pugixml must not convert it (offsets stay source offsets).
    constexpr unsigned kOptions = pugi::parse_default | pugi::parse_ws_pcdata;
    pugi::xml_parse_result parsed = document.load_buffer(source.text.data(), source.text.size(), kOptions, pugi::encoding_utf8);
    if (!parsed) {
        // pugixml may place the error past the end of an unterminated declaration: clamp to the input.
        auto offset = std::min(static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0)), source.text.size());
        return Error{source.path, offset, line_of(source.text, offset),
                     std::string("malformed XML: ") + parsed.description() + ": expected a well-formed TEI document"};
    }

    pugi::xml_node root = document.document_element();
    std::string_view root_name = local_name(root);
    std::vector<pugi::xml_node> documents;
    if (root_name == "TEI") {
        documents.push_back(root);
    } else if (root_name == "teiCorpus") {
        // Embedded documents only: component files named by xi:include are transcripts of their own.
        walk_descendants(root, [&](const pugi::xml_node& node) {
            if (node.type() != pugi::node_element) return false;
            if (local_name(node) == "TEI") {
                documents.push_back(node);
                return false;
            }
            return local_name(node) == "teiCorpus";
        });
    } else if (attribute(root, "xmlns") != kTeiNamespace) {
        std::ptrdiff_t offset = root.offset_debug();
        return Error{source.path,
                     offset > 0 ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(offset - 1)) : std::nullopt,
                     std::nullopt,
                     "root element <" + std::string(root.name()) + ">: expected a TEI document (<TEI> or <teiCorpus>)"};
    }
    // Other roots in the TEI namespace (listPerson, listOrg, taxonomy files) are corpus metadata: no events.

    Registry local;
    collect_registry(root, local);
    Registries registries(local, source.path);
    std::vector<Draft> drafts;
    for (const pugi::xml_node& tei : documents) drafts.push_back(DocumentReader(source, registries).read(tei));
    return drafts;
}

}  // namespace presser::ingest
