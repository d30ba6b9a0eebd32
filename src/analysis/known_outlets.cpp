// presser's list of known news organisations: each line's spellings name one outlet, the first is its
// canonical name. It validates outlets (an organisation rather than a greeting, place or person) and joins
// spellings that the corpus does not join by itself ("AP" and "Associated Press", "法新社" and "AFP").
#include <array>
#include <map>

#include "analysis/people.h"

namespace presser::analysis {
namespace {

constexpr std::array<std::string_view, 60> kOutlets{
    "Associated Press|AP|the Associated Press|美联社",
    "Agence France-Presse|AFP|France-Presse|Agence France Presse|法新社|法国新闻社",
    "Reuters|Thomson Reuters|路透社",
    "Bloomberg|Bloomberg News|彭博社|彭博新闻社",
    "CNN|Cable News Network|美国有线电视新闻网",
    "NBC News|NBC|美国全国广播公司",
    "ABC News|ABC",
    "CBS News|CBS|美国哥伦比亚广播公司",
    "Fox News|Fox|福克斯新闻",
    "NPR|National Public Radio",
    "PBS|PBS NewsHour",
    "BBC|British Broadcasting Corporation|英国广播公司",
    "The New York Times|New York Times|NYT|纽约时报",
    "The Washington Post|Washington Post|华盛顿邮报",
    "The Wall Street Journal|Wall Street Journal|WSJ|华尔街日报",
    "Financial Times|FT|金融时报",
    "The Economist|Economist",
    "Politico|POLITICO",
    "Axios",
    "USA Today|USA TODAY",
    "Los Angeles Times|LA Times",
    "CNBC",
    "MSNBC",
    "Newsmax",
    "The Hill",
    "Yahoo Finance|Yahoo News",
    "Market News International|MNI",
    "Dow Jones|Dow Jones Newswires",
    "Xinhua|Xinhua News Agency|新华社",
    "China Central Television|CCTV|中央广播电视总台|总台央视|央视|中央电视台",
    "China Global Television Network|CGTN|中国国际电视台",
    "China Daily|中国日报",
    "Global Times|环球时报",
    "People's Daily|人民日报",
    "China News Service|中新社|中国新闻社",
    "Phoenix TV|凤凰卫视",
    "Kyodo News|Kyodo|共同社",
    "NHK|日本广播协会",
    "Yonhap|Yonhap News Agency|韩联社",
    "TASS|塔斯社",
    "RIA Novosti|俄新社",
    "Sputnik|卫星通讯社",
    "Al Jazeera|半岛电视台",
    "Deutsche Presse-Agentur|dpa|德新社",
    "Agencia EFE|EFE|埃菲社",
    "ANSA|安莎社",
    "Anadolu Agency|Anadolu|阿纳多卢通讯社",
    "Televisa|Noticieros Televisa",
    "TV Azteca|Azteca",
    "Milenio|Milenio Televisión",
    "Reforma",
    "El Universal",
    "La Jornada",
    "Excélsior|Excelsior",
    "Proceso",
    "Noticias MVS|MVS Noticias|MVS",
    "Radio Fórmula|Grupo Fórmula",
    "El Financiero",
    "Notimex",
    "Aristegui Noticias",
};

const std::map<std::string, std::string>& outlet_by_key() {
    static const std::map<std::string, std::string> table = [] {
        std::map<std::string, std::string> out;
        for (std::string_view line : kOutlets) {
            const std::string canonical(line.substr(0, line.find('|')));
            for (std::size_t at = 0; at <= line.size();) {
                std::size_t bar = line.find('|', at);
                if (bar == std::string_view::npos) bar = line.size();
                out.emplace(identity_key(line.substr(at, bar - at)), canonical);
                at = bar + 1;
            }
        }
        return out;
    }();
    return table;
}

}  // namespace

std::string_view known_outlet(std::string_view spelling) {
    const auto& table = outlet_by_key();
    std::string key = identity_key(spelling);
    auto found = table.find(key);
    if (found == table.end() && key.starts_with("the ")) found = table.find(key.substr(4));
    return found == table.end() ? std::string_view() : std::string_view(found->second);
}

}  // namespace presser::analysis
