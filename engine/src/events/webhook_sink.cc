// Copyright 2026 The Vigil Authors.
//
// The webhook sink (vigil/webhook_sink.h): libcurl, one POST per event,
// Standard Webhooks signatures (HMAC-SHA256 via OpenSSL).

#include "vigil/webhook_sink.h"

#include <curl/curl.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <mutex>
#include <sstream>

#include "core/internal/sha256.h"
#include "events/internal/event_document.h"
#include "events/internal/sinks.h"
#include "vigil/hex.h"
#include "vigil/status_macros.h"

namespace vigil {
namespace {

constexpr std::string_view kSecretPrefix = "whsec_";

std::string Base64(const unsigned char* data, size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data,
                            static_cast<int>(n));
  out.resize(static_cast<size_t>(std::max(len, 0)));
  return out;
}

// Decodes standard base64; missing '=' padding is tolerated. Empty on
// error.
std::string Unbase64(std::string_view text) {
  std::string s(text);
  while (s.size() % 4 != 0) s += '=';
  if (s.empty()) return {};
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' ||
          c == '=')) {
      return {};
    }
  }
  std::string out(s.size() / 4 * 3, '\0');
  int len = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(s.data()),
                            static_cast<int>(s.size()));
  if (len < 0) return {};
  size_t pad = 0;
  if (s.ends_with("==")) {
    pad = 2;
  } else if (s.ends_with("=")) {
    pad = 1;
  }
  out.resize(static_cast<size_t>(len) - pad);
  return out;
}

// The key bytes of one secret; kInvalidArgument (naming its position, not
// its text) when malformed.
Result<std::string> SecretKey(std::string_view secret, size_t index) {
  if (secret.starts_with(kSecretPrefix)) secret.remove_prefix(6);
  std::string key = Unbase64(secret);
  if (key.empty() || key.size() > 64) {
    return InvalidArgumentError("webhook secret " + std::to_string(index + 1) +
                                " is not whsec_<base64> of 1 to 64 bytes");
  }
  return key;
}

Result<int64_t> EnvNumber(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  char* end = nullptr;
  long long n = std::strtoll(v, &end, 10);
  if (*end != '\0' || n <= 0) {
    return InvalidArgumentError(std::string(name) +
                                " must be a positive integer");
  }
  return static_cast<int64_t>(n);
}

void CurlGlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Seconds from a Retry-After value: delta-seconds or an HTTP-date.
// -1 when absent or unreadable.
int64_t ParseRetryAfter(std::string v) {
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) {
    v.pop_back();
  }
  size_t start = 0;
  while (start < v.size() &&
         std::isspace(static_cast<unsigned char>(v[start]))) {
    ++start;
  }
  v.erase(0, start);
  if (v.empty()) return -1;
  if (std::all_of(v.begin(), v.end(),
                  [](char c) { return std::isdigit((unsigned char)c); })) {
    return v.size() > 9 ? 999999999 : std::stoll(v);
  }
  time_t when = curl_getdate(v.c_str(), nullptr);
  if (when < 0) return -1;
  return std::max<int64_t>(0, static_cast<int64_t>(when - std::time(nullptr)));
}

// The body of a batch, a JSON array of the events' documents, into *body
// (reused from request to request: it keeps its capacity).
void BatchBody(std::span<const EventDocument> events, std::string* body) {
  size_t size = 2;
  for (const EventDocument& e : events) size += e.json.size() + 1;
  body->clear();
  body->reserve(size);
  *body += '[';
  for (const EventDocument& e : events) {
    if (body->size() > 1) *body += ',';
    *body += e.json;
  }
  *body += ']';
}

// The webhook-id of a batch: "batch_" and the hex of the first 16 bytes of
// SHA-256 over its event ids, each followed by '\n' (docs/webhooks.md): the
// same events give the same id, so a receiver can drop a repeated request.
std::string BatchId(std::span<const EventDocument> events) {
  internal::Sha256Builder sha;
  for (const EventDocument& e : events) sha.Add(e.event_id).Add("\n");
  const internal::Sha256Digest digest = sha.Finish();
  return "batch_" + HexEncode(std::span<const uint8_t>(digest.data(), 16));
}

class WebhookSink final : public EventSink {
 public:
  WebhookSink(std::string name, std::string url, bool https,
              WebhookSigner signer, const WebhookOptions& options)
      : name_(std::move(name)),
        url_(std::move(url)),
        https_(https),
        signer_(std::move(signer)),
        options_(options) {}

  ~WebhookSink() override {
    if (curl_ != nullptr) curl_easy_cleanup(curl_);
  }

  std::string name() const override { return name_; }

  Status Deliver(std::span<const TakedownEvent> events) override {
    SinkOutcome outcome;
    return Offer(events, &outcome);
  }

  Status Offer(std::span<const TakedownEvent> events,
               SinkOutcome* outcome) override {
    return OfferDocuments(internal::DocumentsOf(events), outcome);
  }

  // One POST per event, or per up to options_.batch events (a JSON array):
  // a request is delivered whole or not at all.
  Status OfferDocuments(std::span<const EventDocument> events,
                        SinkOutcome* outcome) override {
    const size_t per_post = options_.batch;
    while (outcome->accepted < events.size()) {
      std::span<const EventDocument> post =
          events.subspan(outcome->accepted,
                         std::min(per_post, events.size() - outcome->accepted));
      if (per_post > 1) BatchBody(post, &body_);
      Attempt a = per_post > 1 ? Post(BatchId(post), body_)
                               : Post(post[0].event_id, post[0].json);
      if (a.status.ok()) {
        outcome->accepted += post.size();
        failed_id_.clear();
        failed_attempts_ = 0;
        continue;
      }
      if (a.http_status == 410) {
        outcome->disabled = true;
        return a.status;
      }
      // Attempts are counted per first event: a retried batch may take in
      // events recorded since, and still counts as the same attempt run.
      if (failed_id_ != post[0].event_id) {
        failed_id_ = post[0].event_id;
        failed_attempts_ = 0;
      }
      // An endpoint that cannot be reached fails every event alike: that
      // is an outage, waited out, never a reason to give up on an event.
      if (!a.unreachable) ++failed_attempts_;
      if (a.retry_after_s >= 0) {
        outcome->retry_after = std::min(
            options_.max_retry_after,
            std::chrono::milliseconds(
                std::min<int64_t>(a.retry_after_s, 1000000000) * 1000));
      }
      if (failed_attempts_ >= options_.max_attempts) {
        // The first event of the request is given up; the others are
        // offered again (in the next request) with a fresh attempt count.
        outcome->dead_letter = true;
        failed_id_.clear();
        failed_attempts_ = 0;
        return UnavailableError(
            std::string(a.status.message()) + " (gave up after " +
            std::to_string(options_.max_attempts) + " attempts)");
      }
      return a.status;
    }
    return Status::OK();
  }

 private:
  struct Attempt {
    Status status;
    long http_status = 0;
    int64_t retry_after_s = -1;
    bool unreachable = false;  // no connection was made
  };

  static bool Connected(CURL* c) {
    curl_off_t connect_us = 0;
    return curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect_us) ==
               CURLE_OK &&
           connect_us > 0;
  }

  static size_t Discard(char*, size_t size, size_t n, void*) {
    return size * n;
  }

  static size_t Header(char* data, size_t size, size_t n, void* user) {
    std::string_view line(data, size * n);
    constexpr std::string_view kName = "retry-after:";
    if (line.size() > kName.size()) {
      std::string lower(line.substr(0, kName.size()));
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      if (lower == kName) {
        static_cast<Attempt*>(user)->retry_after_s =
            ParseRetryAfter(std::string(line.substr(kName.size())));
      }
    }
    return size * n;
  }

  // The handle, with the options every request shares set once (an easy
  // handle keeps its options and its connection between requests).
  CURL* Handle() {
    if (curl_ != nullptr) return curl_;
    CurlGlobalInit();
    CURL* c = curl_easy_init();
    if (c == nullptr) return nullptr;
    curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, https_ ? "https" : "http");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) {
      curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
    }
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_USERAGENT, "vigil-webhook/1");
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &WebhookSink::Discard);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &WebhookSink::Header);
    curl_ = c;
    return curl_;
  }

  // A POST of `body` signed as message `id`.
  Attempt Post(const std::string& id, const std::string& body) {
    Attempt a;
    CURL* c = Handle();
    if (c == nullptr) {
      a.status = InternalError("webhook: curl_easy_init failed");
      return a;
    }
    const int64_t ts = static_cast<int64_t>(std::time(nullptr));
    curl_slist* headers = nullptr;
    const std::string h[] = {
        "content-type: application/json",
        "webhook-id: " + id,
        "webhook-timestamp: " + std::to_string(ts),
        "webhook-signature: " + signer_.Sign(id, ts, body),
        "expect:",  // no 100-continue round trip
    };
    for (const std::string& line : h) {
      headers = curl_slist_append(headers, line.c_str());
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &a);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, nullptr);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
      a.unreachable =
          rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
          rc == CURLE_COULDNT_RESOLVE_PROXY || rc == CURLE_SSL_CONNECT_ERROR ||
          rc == CURLE_PEER_FAILED_VERIFICATION ||
          (rc == CURLE_OPERATION_TIMEDOUT && !Connected(c));
      a.status =
          UnavailableError("webhook " + name_ + ": " + curl_easy_strerror(rc));
      return a;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.http_status);
    if (a.http_status >= 200 && a.http_status < 300) return a;
    a.status = UnavailableError(
        "webhook " + name_ + ": HTTP " + std::to_string(a.http_status) +
        (a.http_status == 410 ? " Gone (disabled)" : ""));
    return a;
  }

  const std::string name_;
  const std::string url_;
  const bool https_;
  WebhookSigner signer_;  // keyed once; Post() runs on one thread at a time
  const WebhookOptions options_;
  CURL* curl_ = nullptr;     // reused: keeps the connection alive
  std::string failed_id_;    // the event failing now
  int failed_attempts_ = 0;  // its failed attempts in a row
  std::string body_;         // a batch request's body, reused
};

}  // namespace

Result<std::vector<std::string>> ParseWebhookSecrets(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  std::string word;
  while (in >> word) {
    VIGIL_RETURN_IF_ERROR(SecretKey(word, out.size()).status());
    out.push_back(word);
  }
  if (out.empty()) return InvalidArgumentError("no webhook secret");
  return out;
}

Result<WebhookOptions> WebhookOptionsFromEnvironment() {
  WebhookOptions o;
  std::string text;
  if (const char* v = std::getenv("VIGIL_WEBHOOK_SECRET"); v && *v) {
    text = v;
  } else if (const char* f = std::getenv("VIGIL_WEBHOOK_SECRET_FILE");
             f && *f) {
    std::ifstream in(f);
    if (!in)
      return NotFoundError(std::string("cannot read webhook secret file ") + f);
    std::ostringstream all;
    all << in.rdbuf();
    text = all.str();
  } else {
    return InvalidArgumentError(
        "a webhook needs a secret: --webhook-secret-file FILE or "
        "VIGIL_WEBHOOK_SECRET (whsec_<base64>)");
  }
  VIGIL_ASSIGN_OR_RETURN(o.secrets, ParseWebhookSecrets(text));
  VIGIL_ASSIGN_OR_RETURN(
      int64_t connect,
      EnvNumber("VIGIL_WEBHOOK_CONNECT_TIMEOUT_MS", o.connect_timeout.count()));
  VIGIL_ASSIGN_OR_RETURN(
      int64_t total, EnvNumber("VIGIL_WEBHOOK_TIMEOUT_MS", o.timeout.count()));
  VIGIL_ASSIGN_OR_RETURN(
      int64_t attempts,
      EnvNumber("VIGIL_WEBHOOK_MAX_ATTEMPTS", o.max_attempts));
  VIGIL_ASSIGN_OR_RETURN(
      int64_t batch,
      EnvNumber("VIGIL_WEBHOOK_BATCH", static_cast<int64_t>(o.batch)));
  if (batch > static_cast<int64_t>(kMaxWebhookBatch)) {
    return InvalidArgumentError("VIGIL_WEBHOOK_BATCH must be at most " +
                                std::to_string(kMaxWebhookBatch));
  }
  o.batch = static_cast<size_t>(batch);
  if (const char* ca = std::getenv("VIGIL_WEBHOOK_CA_FILE"); ca && *ca) {
    o.ca_file = ca;
  }
  o.connect_timeout = std::chrono::milliseconds(connect);
  o.timeout = std::chrono::milliseconds(total);
  o.max_attempts = static_cast<int>(std::min<int64_t>(attempts, 1000000));
  return o;
}

Result<std::unique_ptr<EventSink>> OpenWebhookSink(
    std::string_view spec, const WebhookOptions& options) {
  auto bad = [&](const std::string& why) {
    return InvalidArgumentError("event sink '" + std::string(spec) +
                                "': " + why);
  };
  std::string_view url = spec;
  if (!url.starts_with("webhook+")) {
    return bad("expected webhook+https://HOST/PATH or webhook+http://...");
  }
  url.remove_prefix(8);
  bool https = url.starts_with("https://");
  if (!https && !url.starts_with("http://")) {
    return bad("the transport must be https:// or http://");
  }
  std::string_view rest = url.substr(https ? 8 : 7);
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty() || host.find('@') != std::string_view::npos) {
    return bad("expected a host (and no user:password@)");
  }
  for (char c : url) {
    if (c <= ' ' || c == 0x7f) return bad("spaces or control characters");
  }
  if (options.connect_timeout.count() <= 0 || options.timeout.count() <= 0 ||
      options.max_attempts < 1) {
    return bad("timeouts and max_attempts must be positive");
  }
  if (options.batch < 1 || options.batch > kMaxWebhookBatch) {
    return bad("the batch must be 1 to " + std::to_string(kMaxWebhookBatch) +
               " events");
  }
  if (options.secrets.empty()) {
    return bad(
        "a webhook needs a secret: --webhook-secret-file FILE or "
        "VIGIL_WEBHOOK_SECRET (whsec_<base64>)");
  }
  VIGIL_ASSIGN_OR_RETURN(WebhookSigner signer,
                         WebhookSigner::Create(options.secrets));
  return std::unique_ptr<EventSink>(std::make_unique<WebhookSink>(
      std::string(spec), std::string(url), https, std::move(signer), options));
}

// One keyed HMAC-SHA256 context per secret. EVP_MAC_init with no key
// starts a new message under the key set at Create() (OpenSSL 3), so no
// algorithm fetch or key schedule is repeated per signature.
struct WebhookSigner::Rep {
  std::vector<EVP_MAC_CTX*> contexts;
  ~Rep() {
    for (EVP_MAC_CTX* c : contexts) EVP_MAC_CTX_free(c);
  }
};

WebhookSigner::WebhookSigner(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
WebhookSigner::WebhookSigner(WebhookSigner&&) noexcept = default;
WebhookSigner& WebhookSigner::operator=(WebhookSigner&&) noexcept = default;
WebhookSigner::~WebhookSigner() = default;

Result<WebhookSigner> WebhookSigner::Create(
    const std::vector<std::string>& secrets) {
  if (secrets.empty()) return InvalidArgumentError("no webhook secret");
  auto rep = std::make_unique<Rep>();
  std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)> hmac(
      EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr), &EVP_MAC_free);
  if (hmac == nullptr) return InternalError("webhook: OpenSSL has no HMAC");
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end()};
  for (size_t i = 0; i < secrets.size(); ++i) {
    VIGIL_ASSIGN_OR_RETURN(std::string key, SecretKey(secrets[i], i));
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(hmac.get());
    if (ctx == nullptr) return InternalError("webhook: EVP_MAC_CTX_new failed");
    rep->contexts.push_back(ctx);  // freed by ~Rep
    if (EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(key.data()),
                     key.size(), params) != 1) {
      return InternalError("webhook: HMAC-SHA256 set-up failed");
    }
  }
  return WebhookSigner(std::move(rep));
}

std::string WebhookSigner::Sign(std::string_view id, int64_t timestamp,
                                std::string_view body) {
  const std::string ts = std::to_string(timestamp);
  const auto bytes = [](std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
  };
  std::string out;
  if (rep_ == nullptr) return out;  // moved from
  for (EVP_MAC_CTX* ctx : rep_->contexts) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t len = 0;
    if (EVP_MAC_init(ctx, nullptr, 0, nullptr) != 1 ||
        EVP_MAC_update(ctx, bytes(id), id.size()) != 1 ||
        EVP_MAC_update(ctx, bytes("."), 1) != 1 ||
        EVP_MAC_update(ctx, bytes(ts), ts.size()) != 1 ||
        EVP_MAC_update(ctx, bytes("."), 1) != 1 ||
        EVP_MAC_update(ctx, bytes(body), body.size()) != 1 ||
        EVP_MAC_final(ctx, mac, &len, sizeof mac) != 1) {
      len = 0;  // "v1," with no value: verifies nowhere, never wrongly
    }
    if (!out.empty()) out += ' ';
    out += "v1,";
    out += Base64(mac, len);
  }
  return out;
}

Result<std::string> WebhookSignature(const std::vector<std::string>& secrets,
                                     std::string_view id, int64_t timestamp,
                                     std::string_view body) {
  VIGIL_ASSIGN_OR_RETURN(WebhookSigner signer, WebhookSigner::Create(secrets));
  return signer.Sign(id, timestamp, body);
}

namespace internal {

Result<std::unique_ptr<EventSink>> OpenWebhookSpec(std::string_view spec) {
  Result<WebhookOptions> options = WebhookOptionsFromEnvironment();
  if (!options.ok()) {
    return Status(options.status().code(),
                  "event sink '" + std::string(spec) +
                      "': " + std::string(options.status().message()));
  }
  return OpenWebhookSink(spec, *options);
}

}  // namespace internal
}  // namespace vigil
