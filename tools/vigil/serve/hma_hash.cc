// Copyright 2026 The Vigil Authors.
//
// HMA's hashing blueprint (/h/hash) and the media reading the /m and /c
// routes share: a multipart upload whose field name is the content type
// ("photo" or "video"), or ?url= content from an allowed host. Hashing goes
// through hash and block's content path (vigil/media_entry.h,
// HashMediaSignals: ContentHasher with the reference's settings).

#include <httplib.h>

#include <algorithm>
#include <sstream>

#include "tools/vigil/serve/hma_routes.h"

namespace vigil::serve::hma {
namespace {

bool IsContentType(const std::string& name) {
  return name == "photo" || name == "video";
}

// HMA's _parse_request_content_type: ?content_type= wins, else the type
// the fetched reply names.
bool ContentTypeOf(const httplib::Request& req, httplib::Response& res,
                   const std::string& reply_type, std::string* out) {
  std::string arg = req.get_param_value("content_type");
  if (arg.empty()) {
    std::string lower = reply_type;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lower.rfind("image", 0) == 0) {
      arg = "photo";
    } else if (lower.rfind("video", 0) == 0) {
      arg = "video";
    } else {
      Error(res, 400,
            "unsupported url ContentType: '" + reply_type +
                "', if you know the expected type, provide it with the "
                "content_type query param");
      return false;
    }
  }
  if (!IsContentType(arg)) {
    Error(res, 400, "no such content_type: '" + arg + "'");
    return false;
  }
  *out = arg;
  return true;
}

}  // namespace

bool ReadMedia(const ServiceOptions& options, const httplib::Request& req,
               httplib::Response& res, Media* media) {
  if (req.has_param("url")) {
    const std::string url = req.get_param_value("url");
    auto fetched =
        FetchUrl(url, options.allowed_url_hosts, options.max_url_bytes);
    if (!fetched.ok()) {
      const Status& s = fetched.status();
      if (s.code() == StatusCode::kLimitExceeded) {
        Error(res, 413, "Content too large");
      } else if (s.code() == StatusCode::kPermissionDenied) {
        Error(res, 400,
              "Invalid or unsafe URL provided: " + std::string(s.message()));
      } else {
        Error(res, 400, std::string(s.message()));
      }
      return false;
    }
    if (!ContentTypeOf(req, res, fetched->content_type, &media->content_type)) {
      return false;
    }
    media->bytes = std::move(fetched->body);
    return true;
  }
  if (req.files.empty()) {
    Error(res, 400, "Missing multipart/form-data file upload");
    return false;
  }
  if (req.files.size() > 1) {
    Error(res, 400, "Only one file allowed per request");
    return false;
  }
  const auto& [field, file] = *req.files.begin();
  if (!IsContentType(field)) {
    Error(res, 400, "no such content_type: '" + field + "'");
    return false;
  }
  media->content_type = field;
  media->bytes = file.content;
  return true;
}

Result<MediaSignals> HashMedia(const Media& media,
                               const HashsetConfig& config) {
  const MediaSource source = MediaSource::Bytes(
      std::span<const uint8_t>(
          reinterpret_cast<const uint8_t*>(media.bytes.data()),
          media.bytes.size()),
      "the " + media.content_type);
  return HashMediaSignals(config, std::span(&source, 1), AddMediaOptions{});
}

bool HashForLookup(const httplib::Request& req, httplib::Response& res,
                   const Media& media, std::vector<Signal>* signals) {
  // What HMA's enabled signal types of each content type are here: a
  // photo's PDQ and the digests; a video's digests (its vPDQ is matched by
  // POST /v1/scan, not by hash).
  HashsetConfig config;
  config.name = "hma-lookup";
  config.signal_types = {SignalType::kMd5, SignalType::kSha1,
                         SignalType::kSha256};
  if (media.content_type == "photo") {
    config.signal_types.push_back(SignalType::kPdq);
    config.min_quality[SignalType::kPdq] = 0;  // HMA returns any quality
  }
  std::vector<SignalType> wanted = config.signal_types;
  if (req.has_param("types")) {
    wanted.clear();
    std::stringstream list(req.get_param_value("types"));
    std::string name;
    while (std::getline(list, name, ',')) {
      name.erase(0, name.find_first_not_of(" \t"));
      name.erase(name.find_last_not_of(" \t") + 1);
      if (name.empty()) continue;
      auto type = ParseSignalTypeName(name);
      if (!type.ok() || !config.Allows(*type)) {
        Error(res, 400,
              "signal type '" + name + "' doesn't exist or is disabled");
        return false;
      }
      wanted.push_back(*type);
    }
    if (wanted.empty()) {
      Error(res, 400, "empty signal type selection");
      return false;
    }
  }
  auto hashed = HashMedia(media, config);
  if (!hashed.ok()) {
    StatusError(res, hashed.status());
    return false;
  }
  const bool want_pdq =
      std::find(wanted.begin(), wanted.end(), SignalType::kPdq) != wanted.end();
  const bool has_pdq =
      std::any_of(hashed->signals.begin(), hashed->signals.end(),
                  [](const Signal& s) { return s.type == SignalType::kPdq; });
  if (want_pdq && !has_pdq) {
    // Never a partial answer that reads as "hashed": say why.
    std::string why = "the photo has no PDQ hash";
    if (!hashed->warnings.empty()) why = hashed->warnings.front();
    Error(res, 400, why);
    return false;
  }
  for (Signal& s : hashed->signals) {
    if (std::find(wanted.begin(), wanted.end(), s.type) != wanted.end()) {
      signals->push_back(std::move(s));
    }
  }
  return true;
}

void RegisterHashRoutes(Service* service, httplib::Server* server) {
  auto hash = [service](Engine&, const httplib::Request& req,
                        httplib::Response& res, const std::string&) {
    Media media;
    if (req.method == "GET" && !req.has_param("url")) {
      return Error(res, 400, "url is required");
    }
    if (!ReadMedia(service->options(), req, res, &media)) return;
    std::vector<Signal> signals;
    if (!HashForLookup(req, res, media, &signals)) return;
    Json(res, Dump(SignalsJson(signals)));
  };
  server->Get("/h/hash", service->Route("/h/hash", "hash", hash));
  server->Post("/h/hash", service->Route("/h/hash", "hash", hash));
}

}  // namespace vigil::serve::hma
