// Copyright 2026 The Vigil Authors.
//
// HMA 2.x ("OpenMediaMatch", facebook/ThreatExchange
// hasher-matcher-actioner) compatible routes of `vigil serve`: the paths,
// parameters, status codes and JSON shapes of its Flask blueprints, so that
// an HMA client works unchanged. docs/service.md ("HMA 2.x API") lists the
// routes and every difference from HMA.
//
//   GET  /status, /status/live, /site-map              health-like
//   GET  /h/hash?url=   POST /h/hash (multipart)         scope hash
//   GET  /m/raw_lookup, GET|POST /m/lookup, POST /m/compare,
//        GET /m/index/status                            scope match
//   GET  /c/banks, /c/bank/NAME, /c/bank/NAME/content/ID,
//        /c/signal_type, /c/content_type                scope match
//   POST /c/banks, PUT|DELETE /c/bank/NAME, POST /c/bank/NAME/content,
//        POST /c/bank/NAME/signal, PUT|DELETE .../content/ID  scope curate
//
// An HMA bank is the Vigil hash set of the same name; bank content ids are
// vigil/bank_content.h. The HMA-only JSON shapes are built in hma_json.cc
// only; everything that exists in Vigil is rendered by vigil/json.h.
//
// Thread-safety: the handlers run on the HTTP library's thread pool.

#ifndef VIGIL_TOOLS_VIGIL_SERVE_HMA_ROUTES_H_
#define VIGIL_TOOLS_VIGIL_SERVE_HMA_ROUTES_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tools/vigil/serve/reply.h"
#include "tools/vigil/serve/service.h"
#include "vigil/bank_content.h"
#include "vigil/engine.h"
#include "vigil/hashset.h"
#include "vigil/media_entry.h"
#include "vigil/signal_type.h"

namespace vigil::serve {

// Registers every HMA route on `server` (called once, from Service::
// Register).
void RegisterHmaRoutes(Service* service, httplib::Server* server);

namespace hma {

// The path pattern of a bank name in the HMA routes; names that the bank
// rule refuses are answered by the route (404 or 400), tricks such as "..",
// "%2F" or slashes match no route (404).
inline constexpr char kBankPattern[] = "([A-Za-z0-9_-]{1,255})";

// HMA's bank-name rule (UPPER_WITH_UNDERSCORE: [A-Z_][A-Z0-9_]*), and at
// most kMaxHashsetNameLength characters (Vigil's limit; HMA allows 255).
bool IsBankName(std::string_view name);

// A signal type as HMA clients name it: Vigil's names (vigil/signal_type.h)
// and the list alias "video_md5" (md5). Error: kInvalidArgument.
Result<SignalType> ParseSignalTypeName(std::string_view name);

// HMA's shapes (hma_json.cc) ------------------------------------------------

// {"matching_enabled_ratio": 1.0 (0.0 when disabled), "name": NAME}
nlohmann::json BankJson(const Hashset& set);
// {"pdq": "hex", "md5": "hex", ...} (vPDQ: the hex of its binary signal)
nlohmann::json SignalsJson(std::span<const Signal> signals);
// A bank content record: {"id", "disable_until_ts", "collab_metadata": {},
// "original_media_uri": null, "bank": BankJson}, and "signals" when
// `signals` is set.
nlohmann::json ContentJson(const BankContent& content, const Hashset& set,
                           const nlohmann::json* signals);
// {"bank_content_id": ID, "distance": "D"} (HMA's distance is a string).
nlohmann::json MatchJson(uint64_t content_id, int distance);
// The JSON text of `j` (invalid UTF-8 replaced).
std::string Dump(const nlohmann::json& j);

// Media of a request (hma_hash.cc) ------------------------------------------

struct Media {
  std::string content_type;  // "photo" or "video" (HMA's content types)
  std::string bytes;
};

// The media of `req`: its one multipart file, whose field name is the
// content type (HMA's rule), or with ?url= the content fetched from an
// allowed host (content_type from ?content_type= or the reply's
// Content-Type). On failure answers `res` (400, 413, ...) and returns
// false.
bool ReadMedia(const ServiceOptions& options, const httplib::Request& req,
               httplib::Response& res, Media* media);

// The signals of `media` that a set with `config` keeps (hash and block,
// vigil/media_entry.h), with its warnings.
Result<MediaSignals> HashMedia(const Media& media, const HashsetConfig& config);

// The signals /h/hash and /m/lookup compute: digests and, for a photo, its
// PDQ (any quality; the quality is kept in Signal::quality). `types`
// (?types=a,b) keeps only those; a photo without PDQ is an error (it could
// not be checked). On failure answers `res` and returns false.
bool HashForLookup(const httplib::Request& req, httplib::Response& res,
                   const Media& media, std::vector<Signal>* signals);

// Content fetched from a URL (hma_fetch.cc).
struct Fetched {
  std::string body;
  std::string content_type;  // the reply's Content-Type
};

// GETs `url` (http or https) with libcurl when its host is one of
// `allowed_hosts` or a subdomain of one; follows at most 5 redirects, each
// to the same host; reads at most `max_bytes`; 30 s in all.
// Errors: kPermissionDenied (not http(s), or a host or redirect not
// allowed), kLimitExceeded (larger than max_bytes), kUnavailable (the
// fetch failed or answered an HTTP error).
Result<Fetched> FetchUrl(const std::string& url,
                         const std::vector<std::string>& allowed_hosts,
                         uint64_t max_bytes);

void RegisterHashRoutes(Service* service, httplib::Server* server);
void RegisterMatchRoutes(Service* service, httplib::Server* server);
void RegisterCurationRoutes(Service* service, httplib::Server* server);

}  // namespace hma
}  // namespace vigil::serve

#endif  // VIGIL_TOOLS_VIGIL_SERVE_HMA_ROUTES_H_
