// TEI Parla-CLARIN: a <teiCorpus> whose header names the export and declares the speaker roles, then one
// <TEI> per event: teiHeader (title, date, organiser, venue, listPerson with affiliations, listOrg of the
// outlets) and a body of <u who ana> with a <seg> per paragraph, and <note> for the turns nobody speaks.
// presser's TEI reader (src/ingest/tei_parser.cpp) reads it back (docs/formats/tei.md).
#include <map>
#include <unordered_map>

#include "export/buffered_output.h"
#include "export/event_walk.h"
#include "export/text_escape.h"

namespace presser::exports {

namespace {

class TeiWriter {
public:
    explicit TeiWriter(std::ostream& out) : output_(out) {}

    void corpus_header(const ExportInfo& info) {
        buffer_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
        buffer_ += "<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\">\n <teiHeader>\n  <fileDesc>\n   <titleStmt>\n    <title type=\"main\">";
        append_xml(buffer_, info.corpus + " (" + info.selection + ")", true);
        buffer_ += "</title>\n   </titleStmt>\n   <publicationStmt>\n    <p>";
        append_xml(buffer_, info.provenance(), true);
        buffer_ += "</p>\n   </publicationStmt>\n   <sourceDesc>\n    <p>Exported from a presser index: ";
        append_xml(buffer_, info.selection, true);
        buffer_ += "</p>\n   </sourceDesc>\n  </fileDesc>\n  <encodingDesc>\n   <classDecl>\n    <taxonomy xml:id=\"speaker_roles\">\n";
        for (const auto role : {model::Role::official, model::Role::moderator, model::Role::journalist, model::Role::other}) {
            buffer_ += "     <category xml:id=\"role.";
            buffer_ += model::to_string(role);
            buffer_ += "\"><catDesc>";
            buffer_ += model::to_string(role);
            buffer_ += "</catDesc></category>\n";
        }
        buffer_ += "    </taxonomy>\n   </classDecl>\n  </encodingDesc>\n </teiHeader>\n";
    }

    bool event(const WalkedEvent& walked) {
        const auto& event = walked.model;
        const auto prefix = xml_id("e", event.id);
        // Speakers and outlets of the selected turns, by first appearance.
        std::vector<const model::Speaker*> people;
        std::map<std::string, std::string> org_ids;  // outlet name -> xml:id
        std::vector<std::string> orgs;
        for (std::size_t t = 0; t < event.turns.size(); ++t) {
            if (!walked.selected[t] || event.turns[t].speaker.empty()) continue;
            const auto* speaker = event.find_speaker(event.turns[t].speaker);
            if (speaker == nullptr || speaker->name.empty() || std::find(people.begin(), people.end(), speaker) != people.end()) continue;
            people.push_back(speaker);
            for (const auto& outlet : speaker->affiliations)
                if (org_ids.emplace(outlet, prefix + ".org" + std::to_string(org_ids.size() + 1)).second) orgs.push_back(outlet);
        }
        buffer_ += " <TEI xml:id=\"" + prefix + "\"";
        if (!event.language.empty()) buffer_ += " xml:lang=\"" + xml_text(event.language, true) + "\"";
        buffer_ += ">\n  <teiHeader>\n   <fileDesc>\n    <titleStmt>\n     <title type=\"main\">";
        append_xml(buffer_, event.title, true);
        buffer_ += "</title>\n    </titleStmt>\n    <publicationStmt>\n     <idno type=\"presser\">";
        append_xml(buffer_, event.id, true);
        buffer_ += "</idno>\n    </publicationStmt>\n    <sourceDesc>\n     <bibl>\n";
        if (!event.organiser.empty()) {
            buffer_ += "      <publisher>";
            append_xml(buffer_, event.organiser, true);
            buffer_ += "</publisher>\n";
        }
        if (!event.source_url.empty()) {
            buffer_ += "      <ref target=\"";
            append_xml(buffer_, event.source_url, true);
            buffer_ += "\"/>\n";
        }
        buffer_ += "      <idno type=\"file\">";
        append_xml(buffer_, event.source, true);
        buffer_ += "</idno>\n     </bibl>\n    </sourceDesc>\n   </fileDesc>\n   <profileDesc>\n";
        const auto date = event.date.to_string();
        const bool iso_date = event.date.precision == model::DatePrecision::day || event.date.precision == model::DatePrecision::month ||
                              event.date.precision == model::DatePrecision::year;
        if (iso_date || !event.venue.empty()) {
            buffer_ += "    <settingDesc>\n     <setting>\n";
            if (!event.venue.empty()) {
                buffer_ += "      <name>";
                append_xml(buffer_, event.venue, true);
                buffer_ += "</name>\n";
            }
            if (iso_date) buffer_ += "      <date when=\"" + date + "\">" + date + "</date>\n";
            buffer_ += "     </setting>\n    </settingDesc>\n";
        }
        if (!people.empty()) {
            buffer_ += "    <particDesc>\n     <listPerson>\n";
            for (const auto* speaker : people) {
                buffer_ += "      <person xml:id=\"" + prefix + "." + xml_id("s", speaker->id) + "\"";
                if (speaker->role != model::Role::unknown) buffer_ += " role=\"" + std::string(model::to_string(speaker->role)) + "\"";
                buffer_ += ">\n       <persName>";
                append_xml(buffer_, speaker->name, true);
                buffer_ += "</persName>\n";
                if (!speaker->title.empty()) {
                    buffer_ += "       <occupation>";
                    append_xml(buffer_, speaker->title, true);
                    buffer_ += "</occupation>\n";
                }
                for (const auto& outlet : speaker->affiliations) {
                    buffer_ += "       <affiliation ref=\"#" + org_ids[outlet] + "\"";
                    if (speaker->role != model::Role::unknown) buffer_ += " role=\"" + std::string(model::to_string(speaker->role)) + "\"";
                    buffer_ += "/>\n";
                }
                buffer_ += "      </person>\n";
            }
            buffer_ += "     </listPerson>\n";
            if (!orgs.empty()) {
                buffer_ += "     <listOrg>\n";
                for (const auto& outlet : orgs) {
                    buffer_ += "      <org xml:id=\"" + org_ids[outlet] + "\"><orgName>";
                    append_xml(buffer_, outlet, true);
                    buffer_ += "</orgName></org>\n";
                }
                buffer_ += "     </listOrg>\n";
            }
            buffer_ += "    </particDesc>\n";
        }
        buffer_ += "   </profileDesc>\n  </teiHeader>\n  <text>\n   <body>\n    <div type=\"debateSection\">\n";
        for (std::size_t t = 0; t < event.turns.size(); ++t) {
            if (!walked.selected[t]) continue;
            const auto& turn = event.turns[t];
            const auto* speaker = turn.speaker.empty() ? nullptr : event.find_speaker(turn.speaker);
            const auto turn_id = prefix + "." + xml_id("t", turn.id);
            if (speaker == nullptr) {
                // Turns nobody speaks: a note each paragraph, typed unless a stage direction (an untyped note is
                // what presser's reader takes for one).
                for (const auto& paragraph : turn.paragraphs) {
                    buffer_ += "     <note";
                    if (turn.kind != model::TurnKind::stage_direction) buffer_ += " type=\"" + std::string(model::to_string(turn.kind)) + "\"";
                    buffer_ += ">";
                    append_xml(buffer_, paragraph.text, true);
                    buffer_ += "</note>\n";
                }
                continue;
            }
            buffer_ += "     <u xml:id=\"" + turn_id + "\"";
            if (!speaker->name.empty()) buffer_ += " who=\"#" + prefix + "." + xml_id("s", speaker->id) + "\"";
            if (speaker->role != model::Role::unknown) buffer_ += " ana=\"#role." + std::string(model::to_string(speaker->role)) + "\"";
            buffer_ += ">\n";
            for (const auto& paragraph : turn.paragraphs) {
                buffer_ += "      <seg>";
                append_xml(buffer_, paragraph.text, true);
                buffer_ += "</seg>\n";
            }
            buffer_ += "     </u>\n";
        }
        buffer_ += "    </div>\n   </body>\n  </text>\n </TEI>\n";
        return output_.spill();
    }
    bool finish() {
        buffer_ += "</teiCorpus>\n";
        return output_.finish();
    }

private:
    BufferedOutput output_;
    std::string& buffer_ = output_.text;
};

}  // namespace

Result<bool> write_tei(const index::Index& index, const Selection& selection, const ExportInfo& info, std::ostream& out) {
    TeiWriter writer(out);
    writer.corpus_header(info);
    auto walked = walk_events(index, selection, [&](const WalkedEvent& event) { return writer.event(event); });
    if (!walked) return walked;
    if (!writer.finish()) return plain_error("cannot write the TEI output");
    return true;
}

}  // namespace presser::exports
