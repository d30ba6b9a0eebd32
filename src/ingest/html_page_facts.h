// The page's facts outside the transcript: <title> and its site suffix, <meta> title, date and URL,
// <html lang>, and the headline and dateline printed above the article; fill_page_facts puts them in
// the Draft. Internal to src/ingest.
#pragma once

#include <gumbo.h>

#include <optional>
#include <string>

#include "ingest/draft.h"
#include "ingest/html_blocks.h"
#include "ingest/html_text.h"
#include "model/transcript.h"

namespace presser::ingest::html {

struct PageFacts {
    std::string title;         // <title> text
    std::string site_name;     // og:site_name, SiteName, application-name
    std::string meta_title;    // og:title, ArticleTitle, dc.title
    std::string meta_date;     // article:published_time, PubDate, date, dc.date
    std::string url;           // canonical link, og:url
    std::string language;      // <html lang>
};

[[nodiscard]] PageFacts read_page_facts(const GumboNode* root);

// What the page prints above the article: its headline (the last <h1>, or else the last element named
// as a title, "News_Body_Title", class="title") and its dateline (a <time>, or an element named as a time
// or date, holding a date). Only short, block-free elements before the container qualify.
struct ArticleHeader {
    std::string headline;
    std::optional<model::PartialDate> date;
};

[[nodiscard]] ArticleHeader read_article_header(const GumboNode* root, const GumboNode* container, const StatsMap& stats,
                                                const Extraction& extraction);

// Title, organiser, language, URL and (when the title does not date the event) the declared date.
void fill_page_facts(Draft& draft, const PageFacts& facts, const ArticleHeader& header);

}  // namespace presser::ingest::html
