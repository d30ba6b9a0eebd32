// Cross-check of the association measures against an implementation we did not write: NLTK's
// BigramAssocMeasures (Debian python3-nltk) on the same counts (node, collocate, co-occurrence, N): PMI is
// our MI, student_t our t-score, likelihood_ratio our log-likelihood. Skipped when NLTK is not installed.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "analysis/association_measures.h"
#include "colloc_reference.h"

namespace presser::testing::colloc {
namespace {

// The first Python that imports nltk: the one on PATH, else Debian's (a pyenv on PATH hides it); "" if none.
std::string python_with_nltk() {
    for (const std::string python : {"python3", "/usr/bin/python3"})
        if (std::system((python + " -c 'import nltk' >/dev/null 2>&1").c_str()) == 0) return python;
    return "";
}

// One line per count tuple: "pmi t ll" as NLTK computes them.
std::vector<std::array<double, 3>> nltk_measures(const std::string& python, const std::vector<analysis::AssociationCounts>& counts) {
    std::ostringstream script;
    script << python << " -c 'from nltk.collocations import BigramAssocMeasures as M\n";
    for (const auto& c : counts)
        script << "print(repr(M.pmi(" << c.f_ab << ", (" << c.f_a << ", " << c.f_b << "), " << c.n << ")), repr(M.student_t(" << c.f_ab << ", ("
               << c.f_a << ", " << c.f_b << "), " << c.n << ")), repr(M.likelihood_ratio(" << c.f_ab << ", (" << c.f_a << ", " << c.f_b
               << "), " << c.n << ")))\n";
    script << "'";
    std::vector<std::array<double, 3>> out;
    FILE* pipe = popen(script.str().c_str(), "r");
    if (pipe == nullptr) return out;
    double pmi = 0, t = 0, ll = 0;
    while (std::fscanf(pipe, "%lf %lf %lf", &pmi, &t, &ll) == 3) out.push_back({pmi, t, ll});
    pclose(pipe);
    return out;
}

}  // namespace

TEST(CollocNltk, BigramMeasuresAgreeWithNltk) {
    const auto python = python_with_nltk();
    if (python.empty()) GTEST_SKIP() << "NLTK is not installed (python3 -c 'import nltk' failed): apt-get install python3-nltk";
    const std::vector<analysis::AssociationCounts> counts = {
        {10, 100, 50, 10000}, {1, 1, 1, 2}, {3, 57, 1200, 1000000}, {250, 4000, 9000, 100000000}, {7, 7, 7, 50}, {1, 300, 90000, 1000000}};
    const auto expected = nltk_measures(python, counts);
    ASSERT_EQ(expected.size(), counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const auto& c = counts[i];
        EXPECT_TRUE(close(*analysis::mutual_information(c), expected[i][0])) << i << ": MI " << *analysis::mutual_information(c) << " vs " << expected[i][0];
        EXPECT_TRUE(close(*analysis::t_score(c), expected[i][1])) << i << ": t " << *analysis::t_score(c) << " vs " << expected[i][1];
        EXPECT_TRUE(close(*analysis::log_likelihood(c), expected[i][2])) << i << ": LL " << *analysis::log_likelihood(c) << " vs " << expected[i][2];
    }
}

}  // namespace presser::testing::colloc
