-- wrk script for bench/load/run: GET requests drawn at random from a list.
--   wrk ... -s mixed.lua URL -- MODE [EVENTS_FILE]
-- MODE search: first pages of ranked searches; mixed: searches, KWIC first pages (CQL) and the event reader
-- (ids from EVENTS_FILE, one URL-encoded id a line). Browsers' Accept-Encoding is sent.
local paths = {}

local searches = {
  "inflation", "sanctions", "vaccine", "\"supply chain\"", "china OR taiwan", "ukraine", "russia ukraine",
  "border", "immigration", "climate change", "infrastructure", "\"build back better\"", "gas prices",
  "afghanistan", "covid", "masks schools", "jobs report", "interest rates", "tariffs", "north korea",
  "economía", "seguridad", "\"reforma eléctrica\"", "migración", "corrupción", "gasolina", "vacunas",
  "pemex", "tren maya", "huachicol", "salud", "estados unidos", "periodistas", "pobreza",
  "question:inflation", "answer:vaccine", "president biden", "energy", "israel", "iran",
}
local variants = { "", "&unit=exchange", "&sort=date", "&from=2021", "&facets=speaker,year", "&limit=10" }
local cqls = {
  "\"inflation\"", "[lemma=\"vaccine\"]", "\"supply\" \"chain\"", "[lemma=\"sanction\"]", "[lower=\"border\"] []",
  "[lemma=\"economía\"]", "\"seguridad\"", "[lower=\"gasolina\"]", "[lemma=\"tariff\"]", "\"climate\" \"change\"",
}

local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  local mode = args[1] or "search"
  for _, q in ipairs(searches) do
    for _, v in ipairs(variants) do
      table.insert(paths, "/api/search?q=" .. encode(q) .. v)
    end
  end
  if mode == "mixed" then
    for _, c in ipairs(cqls) do
      table.insert(paths, "/api/query?cql=" .. encode(c) .. "&limit=20")
      table.insert(paths, "/api/query?cql=" .. encode(c) .. "&limit=20&context=12")
    end
    local file = args[2] and io.open(args[2], "r")
    if file then
      for id in file:lines() do
        table.insert(paths, "/api/events/" .. id)
      end
      file:close()
    end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)], { ["Accept-Encoding"] = "gzip, deflate, br" })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d (connect %d, read %d, write %d, status %d, timeout %d)\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, e.connect, e.read, e.write, e.status, e.timeout))
end
