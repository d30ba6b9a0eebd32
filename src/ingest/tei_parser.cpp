// TEI transcriptions of spoken events: ParlaMint / Parla-CLARIN (<u who ana><seg>…</seg></u>, <note>
// between utterances) and the TEI drama-style <sp><speaker>…</speaker><p>…</p></sp>. docs/formats/tei.md
// says what is read from where.
//
// The document is parsed with pugixml from a copy of the decoded text, so node offsets are byte offsets
// in SourceText::text. Everything here walks the tree without recursion: arbitrary input may nest
// elements as deeply as it likes.
//
// The pieces live beside this file: tei_tree (pugixml helpers), tei_people (listPerson/listOrg and the
// corpus root's registry), tei_header (title, date, organiser, venue), tei_speakers (labels and roles)
// and tei_text (paragraph text, asides and source ranges).
#include <pugixml.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ingest/format_parsers.h"
#include "ingest/tei_header.h"
#include "ingest/tei_people.h"
#include "ingest/tei_speakers.h"
#include "ingest/tei_text.h"
#include "ingest/tei_tree.h"

namespace presser::ingest {

using namespace tei;

namespace {

using model::TurnKind;

constexpr std::string_view kTeiNamespace = "http://www.tei-c.org/ns/1.0";

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

class DocumentReader {
public:
    DocumentReader(const SourceText& source, Registries& registries)
        : source_(source), registries_(registries), speakers_(registries) {}

    Draft read(const pugi::xml_node& tei) {
        draft_.source = source_.path;
        draft_.source_text = &source_.text;
        draft_.source_format = "tei";
        draft_.source_encoding = source_.encoding;
        draft_.warnings = source_.warnings;
        Sitting sitting = read_header(child_element(tei, "teiHeader"), tei, registries_, draft_);
        speakers_.set_sitting(std::move(sitting.language), std::move(sitting.date));
        pugi::xml_node body = child_element(tei, "text");
        read_body(body ? body : tei);
        speakers_.assign_roles(draft_.blocks);
        return std::move(draft_);
    }

private:
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
            if (name == "note" && attribute(node, "type") == "chair") speakers_.note_chair(folded_text(node));
            if (std::optional<TurnKind> kind = editorial_kind(node)) {
                add_editorial(node, *kind);
                return false;
            }
            return true;
        });
    }

    void read_utterance(const pugi::xml_node& utterance) {
        const std::string key = speakers_.register_speaker(utterance);
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

    // --- paragraphs ----------------------------------------------------------------------------------

    void add_speech(const pugi::xml_node& container, const std::string& key, bool& label_next) {
        std::optional<model::Paragraph> paragraph = read_paragraph(container, source_.text);
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
        if (label_next) block.label = speakers_.label(key);
        label_next = false;
        draft_.blocks.push_back(std::move(block));
    }

    bool add_editorial(const pugi::xml_node& node, TurnKind kind) {
        std::optional<model::Paragraph> paragraph = read_paragraph(node, source_.text);
        if (!paragraph || paragraph->text.empty()) return false;
        DraftBlock block;
        block.paragraph = std::move(*paragraph);
        block.editorial = kind;
        block.heading = is_element(node, "head");
        draft_.blocks.push_back(std::move(block));
        return true;
    }

    const SourceText& source_;
    Registries& registries_;
    Draft draft_;
    Speakers speakers_;
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
