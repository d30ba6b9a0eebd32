#include "ingest/tei_speakers.h"

#include <algorithm>
#include <utility>

#include "ingest/tei_tree.h"
#include "ingest/text_util.h"

namespace presser::ingest::tei {

using model::Role;

std::string Speakers::register_speaker(const pugi::xml_node& utterance) {
    std::string id = pointer_id(attribute(utterance, "who"));
    std::vector<std::string> analysis = pointer_ids(attribute(utterance, "ana"));
    // presser's own TEI export states each speaker's role as a category of its taxonomy: ana="#role.journalist".
    std::optional<Role> declared;
    for (const auto& value : analysis)
        if (value.starts_with(kRolePrefix))
            if (auto role = model::parse_role(std::string_view(value).substr(kRolePrefix.size()))) declared = role;
    std::string key = id.empty() ? "unidentified:" + (analysis.empty() ? std::string() : analysis.front()) : id;
    auto [entry, inserted] = speakers_.try_emplace(key);
    SpeakerEntry& speaker = entry->second;
    if (declared) speaker.declared = declared;
    if (inserted) {
        if (id.empty()) {
            // <u ana="#guest"> with no who: someone the transcript does not identify.
            std::string word = analysis.empty() ? "unidentified" : analysis.front();
            if (declared) word = std::string(model::to_string(*declared));
            speaker.label = interpret_label(word, LabelClass::voice);
            speaker.label.name.clear();
            // An unnamed journalist is what a "Q" label is in a printed transcript: each of their turns asks.
            if (declared == Role::journalist) speaker.label.label_class = LabelClass::question_marker;
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
            if (collapse_spaces(speaker.label.text).empty()) {
                // A registry name or a <speaker> of nothing but spaces or control characters names nobody.
                speaker.label = interpret_label("unidentified", LabelClass::voice);
                speaker.label.name.clear();
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

std::string Speakers::person_name(const std::string& id, const Person* person) {
    if (person && !person->names.empty()) {
        for (const PersonName& name : person->names)
            if (in_period(date_, name.from, name.to)) return name.text;
        return person->names.front().text;
    }
    return name_from_id(id);
}

// Parties and other bodies the person belonged to on the sitting's date. The parliament itself is
// left out: every member has it, and it is the event's organiser.
void Speakers::read_affiliations(const Person& person, SpeakerEntry& speaker) {
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

void Speakers::assign_roles(std::vector<DraftBlock>& blocks) const {
    for (DraftBlock& block : blocks) {
        if (!block.label) continue;
        auto found = speakers_.find(block.label->key);
        if (found == speakers_.end()) continue;
        const SpeakerEntry& speaker = found->second;
        if (speaker.declared) block.label->role_hint = *speaker.declared;
        else if (speaker.presides) block.label->role_hint = Role::moderator;
        else if (speaker.governs) block.label->role_hint = Role::official;
        else if (speaker.typed) block.label->role_hint = Role::other;
    }
}

}  // namespace presser::ingest::tei
