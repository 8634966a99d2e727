// Copyright 2026 The Vigil Authors.
//
// Fetching ?url= content for the HMA routes, with libcurl: only from the
// hosts named with --allow-url-host (and their subdomains, as HMA's
// ALLOWED_HOSTNAMES), redirects followed by hand and only to the same
// host, HMA's size limit enforced while reading.

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "tools/vigil/serve/hma_routes.h"

namespace vigil::serve::hma {
namespace {

constexpr int kMaxRedirects = 5;
constexpr long kTimeoutSeconds = 30;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The scheme and lowercase host of `url`; false when it does not parse.
bool SplitUrl(const std::string& url, std::string* scheme, std::string* host) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(),
                                                        curl_url_cleanup);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return false;
  }
  char* part = nullptr;
  if (curl_url_get(u.get(), CURLUPART_SCHEME, &part, 0) != CURLUE_OK) {
    return false;
  }
  *scheme = Lower(part);
  curl_free(part);
  if (curl_url_get(u.get(), CURLUPART_HOST, &part, 0) != CURLUE_OK) {
    return false;
  }
  *host = Lower(part);
  curl_free(part);
  return !host->empty();
}

bool HostAllowed(const std::string& host,
                 const std::vector<std::string>& allowed) {
  for (const std::string& a : allowed) {
    const std::string want = Lower(a);
    if (host == want) return true;
    if (host.size() > want.size() + 1 &&
        host.compare(host.size() - want.size(), want.size(), want) == 0 &&
        host[host.size() - want.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

struct Sink {
  std::string* body;
  uint64_t max_bytes;
  bool too_large = false;
};

size_t Write(char* data, size_t size, size_t n, void* user) {
  Sink* sink = static_cast<Sink*>(user);
  const size_t bytes = size * n;
  if (sink->body->size() + bytes > sink->max_bytes) {
    sink->too_large = true;
    return 0;  // aborts the transfer
  }
  sink->body->append(data, bytes);
  return bytes;
}

}  // namespace

Result<Fetched> FetchUrl(const std::string& url,
                         const std::vector<std::string>& allowed_hosts,
                         uint64_t max_bytes) {
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (init != CURLE_OK) return UnavailableError("libcurl failed to start");
  std::string scheme, host;
  if (!SplitUrl(url, &scheme, &host) ||
      (scheme != "http" && scheme != "https")) {
    return PermissionDeniedError("not an http(s) URL");
  }
  if (!HostAllowed(host, allowed_hosts)) {
    return PermissionDeniedError("host '" + host +
                                 "' is not allowed (--allow-url-host)");
  }
  std::string current = url;
  for (int hop = 0; hop <= kMaxRedirects; ++hop) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(),
                                                             curl_easy_cleanup);
    if (!curl) return UnavailableError("libcurl failed to start");
    Fetched out;
    Sink sink{&out.body, max_bytes};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, current.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, kTimeoutSeconds);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(max_bytes));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    const CURLcode rc = curl_easy_perform(c);
    if (sink.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
      return LimitExceededError("Content too large");
    }
    if (rc != CURLE_OK) {
      return UnavailableError(std::string("Failed to fetch URL: ") +
                              curl_easy_strerror(rc));
    }
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 300 && code < 400) {
      char* location = nullptr;
      curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &location);
      std::string next_scheme, next_host;
      if (location == nullptr ||
          !SplitUrl(location, &next_scheme, &next_host) ||
          (next_scheme != "http" && next_scheme != "https") ||
          next_host != host) {
        return PermissionDeniedError(
            "the URL redirects to another host (not followed)");
      }
      current = location;
      continue;
    }
    if (code >= 400) {
      return UnavailableError("Failed to fetch URL: HTTP " +
                              std::to_string(code));
    }
    char* type = nullptr;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
    if (type != nullptr) out.content_type = type;
    return out;
  }
  return UnavailableError("Failed to fetch URL: too many redirects");
}

}  // namespace vigil::serve::hma
