// The speakers of one <TEI> document: a label per speaker (from the registries, the <speaker> element or
// the id), and the roles the markup implies (chair, government, typed by @ana). Internal to src/ingest.
#pragma once

#include <pugixml.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/draft.h"
#include "ingest/label_grammar.h"
#include "ingest/tei_people.h"

namespace presser::ingest::tei {

// The prefix of the speaker-role categories presser's TEI export points @ana at: "role.official".
inline constexpr std::string_view kRolePrefix = "role.";

struct SpeakerEntry {
    Label label;
    std::string compact_name;     // compact_key of the display name, to match <note type="chair">
    std::string compact_id_name;  // compact_key of the name read from the id
    bool presides = false;        // spoke as chair at least once
    bool governs = false;         // a minister or member of the government on the sitting's date
    bool typed = false;           // the utterances say what kind of speaker this is (@ana: #regular, #guest)
    std::optional<model::Role> declared;  // @ana="#role.official" (presser's export): the role, as stated
};

class Speakers {
public:
    explicit Speakers(Registries& registries) : registries_(registries) {}

    // The document's language and ISO sitting date ("" when unknown): names and affiliations are read as of it.
    void set_sitting(std::string language, std::string date) {
        language_ = std::move(language);
        date_ = std::move(date);
    }

    // A <note type="chair"> naming the person who presides from here on.
    void note_chair(std::string_view name) { chair_ = compact_key(name); }

    // The identity key of the utterance's speaker; registers the speaker's label on first sight.
    std::string register_speaker(const pugi::xml_node& utterance);

    // The label of a registered speaker.
    [[nodiscard]] const Label& label(const std::string& key) const { return speakers_.at(key).label; }

    // Chairs moderate; ministers and government members are the officials; members and guests are
    // neither the officials answering a press nor journalists. A speaker the markup says nothing about
    // keeps what the label's words suggest ("MODERATOR"), or none, and the builder reads behaviour.
    void assign_roles(std::vector<DraftBlock>& blocks) const;

private:
    std::string person_name(const std::string& id, const Person* person);
    void read_affiliations(const Person& person, SpeakerEntry& speaker);

    Registries& registries_;
    std::string language_;
    std::string date_;   // ISO date of the sitting, "" when unknown
    std::string chair_;  // compact_key of the name in the last <note type="chair">
    std::map<std::string, SpeakerEntry> speakers_;
};

}  // namespace presser::ingest::tei
