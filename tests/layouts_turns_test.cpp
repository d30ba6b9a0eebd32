// Turn kinds that follow the label, askers' identities, the label vocabulary: what the gold annotations of
// tests/gold/layouts cannot state (titles, the checks that reject false outlets, the spelling of an
// unidentified speaker), on the layouts of ../shared/layouts and on small inputs written here.
#include <gtest/gtest.h>

#include <algorithm>

#include "ingest/introduction_checks.h"
#include "ingest/parser.h"
#include "ingest/tei_people.h"
#include "layout_test_support.h"

namespace presser {
namespace {

using model::Role;
using testing::parse_layout;
using testing::speaker_of;
using model::TurnKind;

model::Event parse_markdown(std::string text) { return testing::parse_text(std::move(text), "briefing.md"); }

const model::Speaker* named(const model::Event& event, std::string_view name) {
    for (const model::Speaker& speaker : event.speakers)
        if (speaker.name == name) return &speaker;
    return nullptr;
}

std::vector<std::string> all_outlets(const model::Event& event) {
    std::vector<std::string> outlets;
    for (const model::Speaker& speaker : event.speakers)
        outlets.insert(outlets.end(), speaker.affiliations.begin(), speaker.affiliations.end());
    return outlets;
}

TEST(LayoutsTurns, OfficePhraseBeforeTheNameIsTheTitle) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("office-phrase-before-name.md");
    ASSERT_EQ(event.speakers.size(), 1u);
    EXPECT_EQ(event.speakers[0].name, "Rowan Tull");
    EXPECT_EQ(event.speakers[0].title, "Secretary of Fisheries");
    EXPECT_EQ(event.speakers[0].role, Role::official);
    EXPECT_NE(std::find(event.speakers[0].aliases.begin(), event.speakers[0].aliases.end(), "SECRETARY TULL"),
              event.speakers[0].aliases.end());
}

TEST(LayoutsTurns, SpanishOfficesAndProfessionsGiveTitlesAndRoles) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("spanish-offices-and-professions.md");
    const model::Speaker* procuradora = named(event, "Carolina Peña Soto");
    const model::Speaker* periodista = named(event, "Raúl Medina Lara");
    ASSERT_NE(procuradora, nullptr);
    ASSERT_NE(periodista, nullptr);
    EXPECT_EQ(procuradora->title, "Procuradora Federal del Consumidor");
    EXPECT_EQ(procuradora->role, Role::official);
    EXPECT_EQ(periodista->title, "Periodista");
    EXPECT_EQ(periodista->role, Role::journalist);
}

TEST(LayoutsTurns, LabelVocabularyNamesOfficesAndProfessions) {
    model::Event event = parse_markdown(
        "**COMANDANTE RUBÉN SILVA:** Informo.\n\n**COORDINADORA ANA VIDAL:** Sigo.\n\n"
        "**SUBSECRETARIO LUIS MORA:** Concluyo.\n\n**TREASURER JO PARK:** Thanks.\n\n"
        "**VICE PRESIDENT KIM LEE:** Hello.\n\n**MARTA GIL, CORRESPONSAL:** Una nota.\n\n");
    auto role_of = [&](std::string_view label) {
        for (const model::Speaker& speaker : event.speakers)
            if (std::find(speaker.aliases.begin(), speaker.aliases.end(), label) != speaker.aliases.end()) return speaker.role;
        return Role::unknown;
    };
    for (std::string_view label : {"COMANDANTE RUBÉN SILVA", "COORDINADORA ANA VIDAL", "SUBSECRETARIO LUIS MORA",
                                   "TREASURER JO PARK", "VICE PRESIDENT KIM LEE"})
        EXPECT_EQ(role_of(label), Role::official) << label;
    EXPECT_EQ(role_of("MARTA GIL, CORRESPONSAL"), Role::journalist);
}

TEST(LayoutsTurns, IntroducedAskerKeepsTheIdentityForFollowUpsUntilTheFloorPasses) {
    model::Event event = parse_markdown(
        "MODERATOR:  Our next question goes to Dana Whitlow with the Lakeside Courier.\n\n"
        "Q    Is the ferry contract still on schedule?\n\n"
        "SENIOR ADMINISTRATION OFFICIAL:  It is.\n\n"
        "Q    And the second ferry?\n\n"
        "SENIOR ADMINISTRATION OFFICIAL:  Next spring.\n\n"
        "MODERATOR:  Next question.\n\n"
        "Q    What about fares?\n\n"
        "SENIOR ADMINISTRATION OFFICIAL:  Unchanged.\n");
    std::vector<std::string> askers;
    for (const model::Turn& turn : event.turns)
        if (turn.kind == TurnKind::question) askers.push_back(speaker_of(event, turn).name);
    EXPECT_EQ(askers, (std::vector<std::string>{"Dana Whitlow", "Dana Whitlow", ""}));
    const model::Speaker* dana = named(event, "Dana Whitlow");
    ASSERT_NE(dana, nullptr);
    EXPECT_EQ(dana->role, Role::journalist);
    EXPECT_EQ(dana->affiliations, (std::vector<std::string>{"Lakeside Courier"}));
}

TEST(LayoutsTurns, MentionsDatesPlacesAndOfficesAreNoOutlets) {
    model::Event event = parse_markdown(
        "---\ntitle: \"Press Briefing by Press Secretary Jen Psaki\"\n---\n"
        "Q    On Monday, Iran proposed allowing talks. Is that acceptable?\n\n"
        "MS. PSAKI:  We are reviewing it.\n\n"
        "Q    Vice President, the Prime Minister of Italy does not agree. Why?\n\n"
        "MS. PSAKI:  He said so.\n\n"
        "Q    The Secretary of State said there will be consequences. Which ones?\n\n"
        "MS. PSAKI:  Sanctions.\n\n"
        "Q    On Canada, Jen, I just want to check something. Is it final?\n\n"
        "MS. PSAKI:  Yes.\n\n"
        "Q    Thanks. Jeff Mason with Reuters. Any news?\n\n"
        "MS. PSAKI:  Happy Valentine's Day, everyone.\n");
    EXPECT_EQ(all_outlets(event), (std::vector<std::string>{"Reuters"}));
    const model::Speaker* psaki = named(event, "Jen Psaki");
    ASSERT_NE(psaki, nullptr);
    EXPECT_EQ(psaki->role, Role::official);
    EXPECT_TRUE(psaki->affiliations.empty());
    for (const model::Speaker& speaker : event.speakers)
        if (speaker.role == Role::journalist) {
            EXPECT_TRUE(speaker.name.empty() || speaker.name == "Jeff Mason") << speaker.name;
        }
}

TEST(LayoutsTurns, OutletChecksRejectGreetingsPlacesPeopleAndOffices) {
    for (std::string_view outlet : {"Happy Valentine’s Day", "Iran", "West Virginia", "U.S", "Prime Minister of Italy",
                                    "Chief of Staff", "White House COVID Coordinator", "I’m", "I'll", "White House"})
        EXPECT_FALSE(ingest::plausible_outlet(outlet)) << outlet;
    EXPECT_FALSE(ingest::plausible_outlet("Jen", {"Jen", "Psaki"}));
    for (std::string_view outlet : {"Reuters", "Lakeside Courier", "Noticias MVS", "El Sol de México", "EWTN", "Bloomberg News", "Barron’s",
                                    "Wall Street Journal"})
        EXPECT_TRUE(ingest::plausible_outlet(outlet)) << outlet;
    for (std::string_view person : {"On Monday", "The Secretary", "Vice President", "In April", "Pakistan’s Prime Minister"})
        EXPECT_FALSE(ingest::plausible_person(person)) << person;
    for (std::string_view person : {"Dana Whitlow", "Rocío Méndez", "Jeff Mason"}) EXPECT_TRUE(ingest::plausible_person(person)) << person;
    EXPECT_FALSE(ingest::ends_introduction(" proposed allowing"));
    EXPECT_FALSE(ingest::ends_introduction(", and Trump all"));
    EXPECT_FALSE(ingest::ends_introduction(", Mitt Romney, would they"));
    EXPECT_FALSE(ingest::plausible_outlet("Secretary-General of Hezbollah"));
    EXPECT_FALSE(ingest::plausible_person("Sorry"));
    EXPECT_TRUE(ingest::ends_introduction(". Can you"));
    EXPECT_TRUE(ingest::ends_introduction(", and I wanted"));
    EXPECT_TRUE(ingest::ends_introduction(""));
}

TEST(LayoutsTurns, UnidentifiedSpeakersHaveAnEmptyName) {
    PRESSER_REQUIRE_SHARED();
    model::Event voice = parse_layout("unidentified-voice.md");
    bool found = false;
    for (const model::Speaker& speaker : voice.speakers) {
        if (speaker.aliases.front() != "INTERVENCIÓN") continue;
        found = true;
        EXPECT_EQ(speaker.name, "");
        EXPECT_EQ(speaker.role, Role::other);
    }
    EXPECT_TRUE(found);
    // A TEI speaker id that names nobody gives an empty name, not "unknown speaker".
    EXPECT_EQ(ingest::tei::name_from_id(""), "");
    EXPECT_EQ(ingest::tei::name_from_id("\t"), "");
    EXPECT_EQ(ingest::tei::name_from_id("HarbourMaster"), "Harbour Master");
}

TEST(LayoutsTurns, PlayedClipFormsNoExchangeAndTheAnswerAfterItIsNone) {
    PRESSER_REQUIRE_SHARED();
    model::Event event = parse_layout("played-video-clip.md");
    std::size_t media = 0;
    for (const model::Turn& turn : event.turns) media += turn.kind == TurnKind::played_media;
    EXPECT_EQ(media, 2u);
    EXPECT_TRUE(event.exchanges.empty());
    // English markers too, and an unclosed start marks nothing.
    model::Event english = parse_markdown(
        "---\ntitle: \"Press Briefing by Press Secretary Nora Okafor\"\n---\n"
        "MS. OKAFOR:  Watch this.\n\n(BEGIN VIDEO CLIP)\n\nQ    Would you ride it?\n\nMAN:  Sure would.\n\n"
        "(END VIDEO CLIP)\n\nMS. OKAFOR:  That is the point.\n\n(Video plays.)\n\nQ    Will it open in May?\n\n"
        "MS. OKAFOR:  Yes.\n");
    std::vector<TurnKind> kinds;
    for (const model::Turn& turn : english.turns)
        if (!turn.speaker.empty()) kinds.push_back(turn.kind);
    EXPECT_EQ(kinds, (std::vector<TurnKind>{TurnKind::statement, TurnKind::played_media, TurnKind::played_media,
                                            TurnKind::statement, TurnKind::question, TurnKind::answer}));
}

}  // namespace
}  // namespace presser
