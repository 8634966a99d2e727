// Copyright 2026 The Vigil Authors.
//
// The NATS JetStream sink (docs/nats.md), over nats.c (Debian libnats-dev).
// Each event is published to SUBJECT.<action> with the header Nats-Msg-Id =
// its idempotency key, so the stream's duplicate window drops what a retry
// sends twice. A batch counts as delivered only when JetStream has acked
// every one of its events: the deliverer's cursor never moves past an event
// the stream has not stored. A batch is published asynchronously (one round
// trip for the whole batch, not one per event) and then waited for.
//
// The connection reconnects forever (several servers, a fixed wait between
// rounds); while it is down a batch fails after `ack_timeout` and the
// deliverer retries it with backoff, from the outbox cursor. The stream is
// created or checked lazily, before the first batch, so a sink whose server
// is down opens fine and delivers once the server is back.

#include <nats/nats.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "events/internal/event_document.h"
#include "events/internal/sinks.h"
#include "vigil/event_sink.h"
#include "vigil/hashset.h"

namespace vigil::internal {
namespace {

constexpr char kMsgIdHeader[] = "Nats-Msg-Id";
constexpr char kEventIdHeader[] = "Vigil-Event-Id";

// What a nats:// spec says (docs/nats.md lists every option).
struct NatsSinkConfig {
  bool tls = false;
  std::vector<std::string> servers;  // "host:port"
  std::string subject;
  std::string stream;  // default: the subject upper-cased, '.' -> '_'
  int64_t replicas = 1;
  int64_t duplicate_window_s = 120;
  int64_t ack_timeout_ms = 10000;
  int64_t reconnect_wait_ms = 1000;
  int64_t connect_timeout_ms = 2000;
  bool create_stream = true;
  std::string user;
  std::string password;  // VIGIL_NATS_PASSWORD, never in the spec
  std::string token;     // VIGIL_NATS_TOKEN, never in the spec
  std::string creds;     // creds= or VIGIL_NATS_CREDS
  std::string ca;
  std::string cert;
  std::string key;
};

Status SpecError(std::string_view spec, const std::string& what) {
  return InvalidArgumentError("event sink '" + std::string(spec) +
                              "': " + what);
}

// %XX decoding of a query value.
bool PercentDecode(std::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size() ||
        !std::isxdigit(static_cast<unsigned char>(in[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      return false;
    }
    out->push_back(static_cast<char>(
        std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16)));
    i += 2;
  }
  return true;
}

// A NATS subject to publish under: dot-separated tokens of printable,
// non-space characters, no wildcards.
bool IsPlainSubject(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.' ||
      s.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c > ' ' && c < 0x7f && c != '*' && c != '>';
  });
}

bool IsStreamName(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

bool ParseInt(std::string_view v, int64_t min, int64_t max, int64_t* out) {
  if (v.empty() || v.size() > 12) return false;
  int64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  if (n < min || n > max) return false;
  *out = n;
  return true;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

Result<NatsSinkConfig> ParseSpec(std::string_view spec) {
  NatsSinkConfig c;
  std::string_view rest;
  if (spec.starts_with("nats://")) {
    rest = spec.substr(7);
  } else if (spec.starts_with("nats+tls://")) {
    rest = spec.substr(11);
    c.tls = true;
  } else {
    return SpecError(spec,
                     "expected nats://HOST:PORT[,HOST:PORT...]/SUBJECT"
                     "[?OPTIONS] or nats+tls://...");
  }
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) {
    return SpecError(spec, "no /SUBJECT after the servers");
  }
  std::string_view hosts = rest.substr(0, slash);
  std::string_view path = rest.substr(slash + 1);
  std::string_view query;
  if (size_t q = path.find('?'); q != std::string_view::npos) {
    query = path.substr(q + 1);
    path = path.substr(0, q);
  }
  if (hosts.find('@') != std::string_view::npos) {
    return SpecError(spec,
                     "credentials do not go in the URL: use user= and "
                     "VIGIL_NATS_PASSWORD, VIGIL_NATS_TOKEN or creds=");
  }
  while (!hosts.empty()) {
    size_t comma = hosts.find(',');
    std::string_view h = hosts.substr(0, comma);
    size_t colon = h.rfind(':');
    int64_t port = 0;
    if (colon == 0 || colon == std::string_view::npos ||
        !ParseInt(h.substr(colon + 1), 1, 65535, &port)) {
      return SpecError(spec,
                       "server '" + std::string(h) + "' is not HOST:PORT");
    }
    c.servers.emplace_back(h);
    if (comma == std::string_view::npos) break;
    hosts.remove_prefix(comma + 1);
  }
  if (c.servers.empty()) return SpecError(spec, "no server");
  if (!IsPlainSubject(path)) {
    return SpecError(spec, "'" + std::string(path) +
                               "' is not a NATS subject without wildcards");
  }
  c.subject = path;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
    if (item.empty()) continue;
    size_t eq = item.find('=');
    std::string_view key = item.substr(0, eq);
    std::string value;
    if (eq == std::string_view::npos ||
        !PercentDecode(item.substr(eq + 1), &value)) {
      return SpecError(spec,
                       "option '" + std::string(item) + "' is not KEY=VALUE");
    }
    bool ok = true;
    if (key == "stream") {
      ok = IsStreamName(value);
      c.stream = value;
    } else if (key == "replicas") {
      ok = ParseInt(value, 1, 5, &c.replicas);
    } else if (key == "duplicate_window") {
      ok = ParseInt(value, 1, 7 * 24 * 3600, &c.duplicate_window_s);
    } else if (key == "ack_timeout_ms") {
      ok = ParseInt(value, 1, 600000, &c.ack_timeout_ms);
    } else if (key == "reconnect_wait_ms") {
      ok = ParseInt(value, 1, 600000, &c.reconnect_wait_ms);
    } else if (key == "connect_timeout_ms") {
      ok = ParseInt(value, 1, 600000, &c.connect_timeout_ms);
    } else if (key == "create_stream") {
      ok = value == "true" || value == "false";
      c.create_stream = value == "true";
    } else if (key == "tls") {
      ok = value == "true" || value == "false";
      c.tls = c.tls || value == "true";
    } else if (key == "user") {
      c.user = value;
    } else if (key == "creds") {
      c.creds = value;
    } else if (key == "ca") {
      c.ca = value;
    } else if (key == "cert") {
      c.cert = value;
    } else if (key == "key") {
      c.key = value;
    } else if (key == "password" || key == "token") {
      return SpecError(spec, std::string(key) +
                                 " does not go in the spec (it would show "
                                 "in ps and shell history): set "
                                 "VIGIL_NATS_PASSWORD / VIGIL_NATS_TOKEN");
    } else {
      return SpecError(spec, "unknown option '" + std::string(key) + "'");
    }
    if (!ok) {
      return SpecError(
          spec, "bad value for " + std::string(key) + ": '" + value + "'");
    }
  }
  if (c.cert.empty() != c.key.empty()) {
    return SpecError(spec, "cert= and key= go together");
  }
  if (c.stream.empty()) {
    for (char ch : c.subject) {
      c.stream.push_back(
          IsStreamName(std::string_view(&ch, 1))
              ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch)))
              : '_');
    }
  }
  c.password = Env("VIGIL_NATS_PASSWORD");
  c.token = Env("VIGIL_NATS_TOKEN");
  if (c.creds.empty()) c.creds = Env("VIGIL_NATS_CREDS");
  if (!c.password.empty() && c.user.empty()) {
    return SpecError(spec, "VIGIL_NATS_PASSWORD is set but user= is not");
  }
  return c;
}

// nats.c's error, with the thread's last error text when it has one.
Status NatsError(std::string_view what, natsStatus s, jsErrCode jerr = {}) {
  std::string msg = "nats: " + std::string(what) + ": " + natsStatus_GetText(s);
  if (jerr != 0) msg += " (JetStream error " + std::to_string(jerr) + ")";
  if (const char* last = nats_GetLastError(nullptr);
      last != nullptr && *last != '\0') {
    msg += ": ";
    msg += last;
  }
  return UnavailableError(msg);
}

class NatsSink final : public EventSink {
 public:
  explicit NatsSink(NatsSinkConfig config) : config_(std::move(config)) {
    subjects_[0] = config_.subject + ".update";
    subjects_[5] = config_.subject + "." +
                   HashsetActionName(static_cast<HashsetAction>(0));
    for (HashsetAction a : {HashsetAction::kReport, HashsetAction::kRemove,
                            HashsetAction::kBlock, HashsetAction::kReview}) {
      subjects_[static_cast<int>(a)] =
          config_.subject + "." + HashsetActionName(a);
    }
  }

  ~NatsSink() override {
    if (nc_ != nullptr) natsConnection_Close(nc_);
    if (js_ != nullptr) {
      DropPending();  // no callback after this
      jsCtx_Destroy(js_);
    }
    // No ack is awaited here: Deliver() returned only once every message was
    // acked or dropped from the pending list, and a callback releases mu_
    // (the last use of `this`) before Deliver() can see that.
    natsConnection_Destroy(nc_);
  }

  // Connects (or starts reconnecting in the background when no server is
  // up: that is not an error) and makes the JetStream context.
  Status Connect() {
    natsOptions* opts = nullptr;
    natsStatus s = natsOptions_Create(&opts);
    if (s != NATS_OK) return NatsError("options", s);
    std::unique_ptr<natsOptions, void (*)(natsOptions*)> owned(
        opts, &natsOptions_Destroy);
    std::vector<std::string> urls;
    for (const std::string& h : config_.servers) {
      urls.push_back((config_.tls ? "tls://" : "nats://") + h);
    }
    std::vector<const char*> url_ptrs;
    for (const std::string& u : urls) url_ptrs.push_back(u.c_str());
    s = natsOptions_SetServers(opts, url_ptrs.data(),
                               static_cast<int>(url_ptrs.size()));
    if (s == NATS_OK) s = natsOptions_SetName(opts, "vigil-events");
    if (s == NATS_OK) s = natsOptions_SetMaxReconnect(opts, -1);
    if (s == NATS_OK) {
      s = natsOptions_SetReconnectWait(opts, config_.reconnect_wait_ms);
    }
    if (s == NATS_OK) {
      s = natsOptions_SetTimeout(opts, config_.connect_timeout_ms);
    }
    if (s == NATS_OK) {
      // With a callback the first connection is made in the background too
      // (without one nats.c would retry synchronously, forever).
      s = natsOptions_SetRetryOnFailedConnect(
          opts, true, [](natsConnection*, void*) {}, nullptr);
    }
    if (s != NATS_OK) return NatsError("options", s);
    if (config_.tls && (s = natsOptions_SetSecure(opts, true)) != NATS_OK) {
      return NatsError("TLS", s);
    }
    if (!config_.ca.empty() && (s = natsOptions_LoadCATrustedCertificates(
                                    opts, config_.ca.c_str())) != NATS_OK) {
      return InvalidArgumentError("nats: cannot load CA file " + config_.ca +
                                  ": " + natsStatus_GetText(s));
    }
    if (!config_.cert.empty() &&
        (s = natsOptions_LoadCertificatesChain(
             opts, config_.cert.c_str(), config_.key.c_str())) != NATS_OK) {
      return InvalidArgumentError("nats: cannot load cert/key " + config_.cert +
                                  ", " + config_.key + ": " +
                                  natsStatus_GetText(s));
    }
    if (!config_.creds.empty() &&
        (s = natsOptions_SetUserCredentialsFromFiles(
             opts, config_.creds.c_str(), nullptr)) != NATS_OK) {
      return InvalidArgumentError("nats: cannot use creds file " +
                                  config_.creds + ": " + natsStatus_GetText(s));
    }
    if (!config_.user.empty() &&
        (s = natsOptions_SetUserInfo(opts, config_.user.c_str(),
                                     config_.password.c_str())) != NATS_OK) {
      return NatsError("user", s);
    }
    if (!config_.token.empty() &&
        (s = natsOptions_SetToken(opts, config_.token.c_str())) != NATS_OK) {
      return NatsError("token", s);
    }
    s = natsConnection_Connect(&nc_, opts);
    if (s != NATS_OK && s != NATS_NOT_YET_CONNECTED) {
      return NatsError("connect", s);
    }
    jsOptions jo;
    jsOptions_Init(&jo);
    jo.Wait = config_.ack_timeout_ms;
    jo.PublishAsync.AckHandler = &NatsSink::OnAck;
    jo.PublishAsync.AckHandlerClosure = this;
    s = natsConnection_JetStream(&js_, nc_, &jo);
    if (s != NATS_OK) return NatsError("JetStream context", s);
    return Status::OK();
  }

  // Keyed by the destination, not the route: another server list to the
  // same stream and subject keeps the cursor.
  std::string name() const override {
    return "nats:" + config_.stream + "/" + config_.subject;
  }

  Status Deliver(std::span<const TakedownEvent> events) override {
    return Publish(internal::DocumentsOf(events));
  }

  // The recorded documents as they are; all or nothing.
  Status OfferDocuments(std::span<const EventDocument> events,
                        SinkOutcome* outcome) override {
    Status s = Publish(events);
    outcome->accepted = s.ok() ? events.size() : 0;
    return s;
  }

 private:
  // Publishes the batch and waits for every ack (see the file comment).
  Status Publish(std::span<const EventDocument> events) {
    if (!stream_ready_) {
      Status s = EnsureStream();
      if (!s.ok()) return s;
      stream_ready_ = true;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      waiting_.clear();
      failed_ = 0;
      last_error_.clear();
      for (const EventDocument& e : events) waiting_.insert(e.idempotency_key);
    }
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.ExpectStream = config_.stream.c_str();
    po.MaxWait = config_.ack_timeout_ms;
    Status publish_error;
    for (const EventDocument& e : events) {
      publish_error = PublishOne(e, &po);
      if (!publish_error.ok()) {
        std::lock_guard<std::mutex> lock(mu_);
        // Whatever was not sent is not awaited; the batch fails anyway.
        waiting_.clear();
        break;
      }
    }
    std::unique_lock<std::mutex> lock(mu_);
    bool all =
        cv_.wait_for(lock, std::chrono::milliseconds(config_.ack_timeout_ms),
                     [&] { return waiting_.empty(); });
    size_t unacked = waiting_.size();
    lock.unlock();
    if (!all || !publish_error.ok()) {
      // Forget the messages still in flight: their acks will be ignored.
      // A retry republishes them and the duplicate window drops the copies
      // that did land.
      DropPending();
    }
    if (!publish_error.ok()) return publish_error;
    lock.lock();
    if (unacked > 0) {
      return UnavailableError("nats: " + std::to_string(unacked) + " of " +
                              std::to_string(events.size()) +
                              " events not acknowledged by stream " +
                              config_.stream + " within " +
                              std::to_string(config_.ack_timeout_ms) + " ms");
    }
    if (failed_ > 0) {
      return UnavailableError("nats: " + std::to_string(failed_) + " of " +
                              std::to_string(events.size()) +
                              " events refused by JetStream: " + last_error_);
    }
    return Status::OK();
  }

  // Takes the messages still awaiting an ack back from nats.c and frees
  // them; their acks are then ignored. (nats.c 3.4.1 crashes when asked
  // before the first asynchronous publish.)
  void DropPending() {
    if (!published_) return;
    natsMsgList pending;
    if (js_PublishAsyncGetPendingList(&pending, js_) == NATS_OK) {
      natsMsgList_Destroy(&pending);
    }
  }

  // Events by their action, state changes on SUBJECT.update.
  const std::string& Subject(const EventDocument& e) const {
    const int a = static_cast<int>(e.action);
    if (e.update) return subjects_[0];
    return subjects_[a >= 1 && a <= 4 ? a : 5];
  }

  Status PublishOne(const EventDocument& e, jsPubOptions* po) {
    const std::string& subject = Subject(e);
    natsMsg* msg = nullptr;
    natsStatus s = natsMsg_Create(&msg, subject.c_str(), nullptr, e.json.data(),
                                  static_cast<int>(e.json.size()));
    if (s == NATS_OK) {
      s = natsMsgHeader_Set(msg, kMsgIdHeader, e.idempotency_key.c_str());
    }
    if (s == NATS_OK) {
      s = natsMsgHeader_Set(msg, kEventIdHeader, e.event_id.c_str());
    }
    if (s == NATS_OK) {
      published_ = true;
      s = js_PublishMsgAsync(js_, &msg, po);
    }
    natsMsg_Destroy(msg);  // null when the library took it
    if (s != NATS_OK) return NatsError("publish to " + subject, s);
    return Status::OK();
  }

  // Runs on nats.c's thread for every published message: the ack (pa) or
  // the error (pae). Owns `msg`.
  static void OnAck(jsCtx*, natsMsg* msg, jsPubAck* pa, jsPubAckErr* pae,
                    void* closure) {
    auto* self = static_cast<NatsSink*>(closure);
    const char* id = nullptr;
    if (natsMsgHeader_Get(msg, kMsgIdHeader, &id) != NATS_OK) id = nullptr;
    {
      std::lock_guard<std::mutex> lock(self->mu_);
      // An ack of an earlier attempt still proves the event is stored.
      auto it = id != nullptr ? self->waiting_.find(std::string_view(id))
                              : self->waiting_.end();
      const bool awaited = it != self->waiting_.end();
      if (awaited) self->waiting_.erase(it);
      if (awaited && pa == nullptr) {
        ++self->failed_;
        if (pae != nullptr) {
          self->last_error_ = pae->ErrText != nullptr && *pae->ErrText != '\0'
                                  ? pae->ErrText
                                  : natsStatus_GetText(pae->Err);
          if (pae->ErrCode == JSStreamNotFoundErr ||
              pae->Err == NATS_NO_RESPONDERS) {
            self->stream_ready_ = false;  // check (or create) it again
          }
        }
      }
      // Publish() waits for the last ack of its batch only: no wake-up of
      // the deliverer per event.
      if (self->waiting_.empty()) self->cv_.notify_all();
    }
    natsMsg_Destroy(msg);
  }

  // Creates the stream, or checks that the existing one captures
  // SUBJECT.> (its other settings are left as they are).
  Status EnsureStream() {
    const std::string wildcard = config_.subject + ".>";
    for (int attempt = 0; attempt < 2; ++attempt) {
      jsStreamInfo* si = nullptr;
      jsErrCode jerr{};
      natsStatus s =
          js_GetStreamInfo(&si, js_, config_.stream.c_str(), nullptr, &jerr);
      if (s == NATS_OK) {
        bool covered = false;
        for (int i = 0; i < si->Config->SubjectsLen; ++i) {
          std::string_view have = si->Config->Subjects[i];
          covered |= have == wildcard || have == ">";
        }
        jsStreamInfo_Destroy(si);
        if (!covered) {
          return FailedPreconditionError("nats: stream " + config_.stream +
                                         " exists but does not take " +
                                         wildcard + " (docs/nats.md)");
        }
        return Status::OK();
      }
      if (s != NATS_NOT_FOUND && jerr != JSStreamNotFoundErr) {
        return NatsError("stream info " + config_.stream, s, jerr);
      }
      if (!config_.create_stream) {
        return FailedPreconditionError("nats: stream " + config_.stream +
                                       " does not exist (create_stream=false)");
      }
      jsStreamConfig cfg;
      jsStreamConfig_Init(&cfg);
      const char* subjects[] = {wildcard.c_str()};
      cfg.Name = config_.stream.c_str();
      cfg.Subjects = subjects;
      cfg.SubjectsLen = 1;
      cfg.Storage = js_FileStorage;
      cfg.Replicas = config_.replicas;
      cfg.Duplicates = config_.duplicate_window_s * 1000000000LL;
      s = js_AddStream(&si, js_, &cfg, nullptr, &jerr);
      jsStreamInfo_Destroy(si);
      if (s == NATS_OK) return Status::OK();
      // Someone else created it between our two calls: check theirs.
      if (jerr != JSStreamNameExistErr) {
        return NatsError("create stream " + config_.stream, s, jerr);
      }
    }
    return UnavailableError("nats: stream " + config_.stream +
                            " keeps changing");
  }

  const NatsSinkConfig config_;
  natsConnection* nc_ = nullptr;
  jsCtx* js_ = nullptr;
  std::atomic<bool> stream_ready_{false};
  bool published_ = false;  // any js_PublishMsgAsync call yet
  std::mutex mu_;
  std::condition_variable cv_;
  // Looked up by the ack's header value without a std::string copy.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const {
      return std::hash<std::string_view>{}(s);
    }
  };
  // Idempotency keys; under mu_.
  std::unordered_set<std::string, KeyHash, std::equal_to<>> waiting_;
  // SUBJECT.<action> by HashsetAction value (1-4), SUBJECT.update at 0,
  // SUBJECT.unknown (HashsetActionName outside the enum) at 5; made once,
  // not per event.
  std::string subjects_[6];
  size_t failed_ = 0;       // under mu_
  std::string last_error_;  // under mu_
};

}  // namespace

Result<std::unique_ptr<EventSink>> OpenNatsSpec(std::string_view spec) {
  Result<NatsSinkConfig> config = ParseSpec(spec);
  if (!config.ok()) return config.status();
  auto sink = std::make_unique<NatsSink>(std::move(*config));
  Status s = sink->Connect();
  if (!s.ok()) return s;
  return std::unique_ptr<EventSink>(std::move(sink));
}

}  // namespace vigil::internal
