// CWB vertical text (VRT): one token per line (word, lower, lemma, tab-separated) inside <event>, <exchange>,
// <turn>, <p> and <s> elements whose attributes are the index's region columns; and the registry file that
// declares them (docs/export.md has the cwb-encode command that reads the one and matches the other).
#include <cctype>

#include "export/buffered_output.h"
#include "export/structure_walk.h"
#include "export/text_escape.h"

namespace presser::exports {

namespace {

using index::Attribute;
using index::Structure;

// What a token without a lemma shows in the lemma column: CWB's own mark for an undefined value.
constexpr std::string_view kUndefined = "__UNDEF__";

// The structures and their attributes, in the order the elements carry them and the registry declares them.
struct StructureColumns {
    std::string_view name;
    std::vector<std::string_view> attributes;
};
const std::vector<StructureColumns>& vrt_structures() {
    static const std::vector<StructureColumns> structures = {
        {"event", {"id", "date", "title", "organiser", "venue", "language", "source", "format"}},
        {"exchange", {"id", "asker", "asker_affiliation", "answerer", "answerer_role", "follows"}},
        {"turn", {"id", "speaker", "role", "kind", "affiliation", "title"}},
        {"p", {}},
        {"s", {}}};
    return structures;
}

class VrtWriter : public StructureVisitor {
public:
    explicit VrtWriter(std::ostream& out) : output_(out) {}
    bool open_event(const index::Segment& segment, std::uint64_t event) override {
        return open(segment.regions(Structure::event), 0, event);
    }
    bool close_event() override { return close("event"); }
    bool open_exchange(const index::Segment& segment, std::uint64_t exchange) override {
        return open(segment.regions(Structure::exchange), 1, exchange);
    }
    bool close_exchange() override { return close("exchange"); }
    bool open_turn(const index::Segment& segment, std::uint64_t turn) override { return open(segment.regions(Structure::turn), 2, turn); }
    bool close_turn() override { return close("turn"); }
    bool open_paragraph(const index::Segment&, std::uint64_t) override {
        buffer_ += "<p>\n";
        return true;
    }
    bool close_paragraph() override { return close("p"); }
    bool sentence(const index::Segment& segment, std::uint64_t event, std::uint64_t, std::uint32_t start, std::uint32_t end) override {
        buffer_ += "<s>\n";
        const auto& words = segment.lexicon(Attribute::word);
        const auto& lowers = segment.lexicon(Attribute::lower);
        const auto& lemmas = segment.lexicon(Attribute::lemma);
        for (auto position = start; position < end; ++position) {
            const auto word = segment.stream().at(position);
            if (word >= words.size()) {
                error_ = Error{segment.info().name, std::nullopt, std::nullopt, "a token id the lexicon does not have (index check)"};
                return false;
            }
            const auto lower = segment.lower_of_word(word);
            const auto lemma = segment.lemma_of_lower(lower, event);
            append_xml(buffer_, words.term(word), true);
            buffer_ += '\t';
            append_xml(buffer_, lower < lowers.size() ? lowers.term(lower) : kUndefined, true);
            buffer_ += '\t';
            append_xml(buffer_, lemma < lemmas.size() ? lemmas.term(lemma) : kUndefined, true);
            buffer_ += '\n';
        }
        return close("s");
    }
    bool finish() {
        return output_.finish();
    }
    std::string& buffer() { return buffer_; }
    std::optional<Error> error_;

private:
    bool open(const index::Regions& regions, std::size_t structure, std::uint64_t region) {
        const auto& declared = vrt_structures()[structure];
        buffer_ += '<';
        buffer_ += declared.name;
        for (const auto attribute : declared.attributes) {
            buffer_ += ' ';
            buffer_ += attribute;
            buffer_ += "=\"";
            append_xml(buffer_, regions.string(attribute, region), true);
            buffer_ += '"';
        }
        buffer_ += ">\n";
        return true;
    }
    bool close(std::string_view name) {
        buffer_ += "</";
        buffer_ += name;
        buffer_ += ">\n";
        return output_.spill();
    }
    BufferedOutput output_;
    std::string& buffer_ = output_.text;
};

}  // namespace

Result<bool> write_vrt(const index::Index& index, const Selection& selection, const ExportInfo& info, std::ostream& out) {
    VrtWriter writer(out);
    // "--" may not appear inside an XML comment.
    auto provenance = info.provenance();
    for (std::size_t at; (at = provenance.find("--")) != std::string::npos;) provenance.replace(at, 2, "- -");
    writer.buffer() += "<!-- " + xml_text(provenance, true) + " -->\n";
    const bool complete = walk_structures(index, selection, writer);
    if (writer.error_) return *writer.error_;
    if (!writer.finish() || !complete) return plain_error("cannot write the VRT output");
    return true;
}

void write_vrt_registry(const ExportInfo& info, std::string_view id, const std::filesystem::path& data_directory,
                        std::ostream& out) {
    std::string corpus_id;
    for (const char c : id) corpus_id += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '_';
    if (corpus_id.empty() || !std::isalpha(static_cast<unsigned char>(corpus_id[0]))) corpus_id.insert(0, "presser_");
    out << "## registry entry of the presser export " << corpus_id << " (written by presser " << presser_version() << ")\n"
        << "## " << one_line(info.provenance()) << "\n"
        << "## encode the .vrt beside this file with the cwb-encode command of docs/export.md\n\n"
        << "NAME \"" << one_line(info.corpus) << " (" << one_line(info.selection) << ")\"\n"
        << "ID   " << corpus_id << "\n"
        << "PATH \"" << data_directory.string() << "\"\n"
        << "HOME \"" << data_directory.string() << "\"\n"
        << "INFO \"" << (data_directory / ".info").string() << "\"\n\n"
        << "##:: charset  = \"utf8\"\n\n"
        << "ATTRIBUTE word\nATTRIBUTE lower\nATTRIBUTE lemma\n\n";
    for (const auto& structure : vrt_structures()) {
        out << "# <" << structure.name;
        for (const auto attribute : structure.attributes) out << ' ' << attribute << "=\"..\"";
        out << "> ... </" << structure.name << ">\n";
        out << "STRUCTURE " << structure.name << "\n";
        for (const auto attribute : structure.attributes) out << "STRUCTURE " << structure.name << '_' << attribute << "\n";
        out << "\n";
    }
}

}  // namespace presser::exports
