#include "text/irregular_forms.h"

namespace presser::text {
namespace {

constexpr std::string_view irregular[] = {
    "be: is are am was were been being 'm 're",
    "have: has had having 've",
    "do: does did doing done",
    "a: an",
    "not: n't",
    "will: 'll",
    "would: 'd",
    "can: ca",
    "go: goes",
    // Kept as they are: pronouns and adverbs that look inflected, plural-only nouns, and WordNet
    // exceptions whose other reading dominates ("ground" is rarely "grind").
    "us: us",
    "his: his",
    "its: its",
    "this: this",
    "these: these",
    "those: those",
    "yes: yes",
    "as: as",
    "always: always",
    "perhaps: perhaps",
    "sometimes: sometimes",
    "less: less",
    "unless: unless",
    "across: across",
    "thus: thus",
    "news: news",
    "series: series",
    "species: species",
    "politics: politics",
    "economics: economics",
    "data: data",
    "media: media",
    "ground: ground",
    "wound: wound",
    "lay: lay",
    "united: united",
    "thanks: thanks",
    "during: during",
    "nothing: nothing",
    "something: something",
    "anything: anything",
    "everything: everything",
    "morning: morning",
    "evening: evening",
    "people: people",
    "police: police",
    "percent: percent",
    "whether: whether",
};

constexpr std::string_view ing_nouns[] = {
    "meeting", "briefing", "building", "funding", "hearing", "housing", "training", "spending",
    "understanding", "beginning", "setting", "ceiling", "warning", "shooting", "bombing", "ruling",
    "offering", "opening", "reading", "finding", "wedding", "gathering", "listening",
    "lending", "pricing", "financing", "tightening", "trading", "landing", "booking", "clothing",
    "planning", "screening", "testing", "marketing", "manufacturing",
    "bidding", "polling", "hiring", "staffing", "rating", "timing", "heading",
};

}  // namespace

std::span<const std::string_view> english_irregular_forms() { return irregular; }
std::span<const std::string_view> english_ing_nouns() { return ing_nouns; }

}  // namespace presser::text
