#include "index/filter_values.h"

#include <gtest/gtest.h>

namespace presser::index {
namespace {

TEST(FilterValues, FoldedValuesMatchTheWholeValueInAnyCase) {
    const FilterValues speaker({"jerome powell"}, filter_compare("speaker"));
    EXPECT_TRUE(speaker.matches("Jerome Powell"));
    EXPECT_TRUE(speaker.matches("JEROME POWELL"));
    EXPECT_FALSE(speaker.matches("Powell"));
    EXPECT_FALSE(speaker.matches("Jerome Powell Jr."));
    // NFKC case folding: full-width letters and sharp s fold as their plain forms.
    EXPECT_TRUE(FilterValues({"strasse"}, FilterValues::Compare::folded).matches("STRAßE"));
    EXPECT_TRUE(FilterValues({"ap"}, FilterValues::Compare::folded).matches("ＡＰ"));
}

TEST(FilterValues, AnOutletMatchesOneOfTheJoinedAffiliations) {
    const FilterValues outlet({"reuters"}, filter_compare("outlet"));
    EXPECT_TRUE(outlet.matches("Reuters"));
    EXPECT_TRUE(outlet.matches("AFP; Reuters"));
    EXPECT_TRUE(outlet.matches("Reuters; AFP"));
    EXPECT_FALSE(outlet.matches("Reuters TV; AFP"));
    EXPECT_FALSE(outlet.matches(""));
}

TEST(FilterValues, EventsRolesAndKindsAreExact) {
    EXPECT_TRUE(FilterValues({"848"}, filter_compare("event")).matches("848"));
    EXPECT_FALSE(FilterValues({"fomc"}, filter_compare("event")).matches("FOMC"));
    EXPECT_FALSE(FilterValues({"Official"}, filter_compare("role")).matches("official"));
    EXPECT_FALSE(FilterValues({"Question"}, filter_compare("kind")).matches("question"));
    EXPECT_TRUE(FilterValues({"EN"}, filter_compare("language")).matches("en"));
}

TEST(FilterValues, NoValuesMatchNothing) {
    EXPECT_FALSE(FilterValues({}, FilterValues::Compare::folded).matches("anything"));
    EXPECT_FALSE(FilterValues({}, FilterValues::Compare::exact).matches(""));
}

}  // namespace
}  // namespace presser::index
