// Copyright 2026 The Vigil Authors.
//
// File: vigil/webhook_sink.h
// -----------------------------------------------------------------------------
// The webhook sink: one HTTP POST per takedown event (or, when asked, per
// batch of events: WebhookOptions::batch), signed per the Standard Webhooks
// spec (docs/webhooks.md). Spec strings:
//
//   webhook+https://HOST[:PORT]/PATH   TLS, certificate and host verified
//   webhook+http://HOST[:PORT]/PATH    plain HTTP, for internal receivers
//
// Each POST carries the event's JSON (docs/events.md) as its body and
//
//   webhook-id: <event id>
//   webhook-timestamp: <Unix seconds of this attempt>
//   webhook-signature: v1,<base64 HMAC-SHA256(key, id "." timestamp "." body)>
//
// one "v1,..." per secret, space-separated, so a receiver can rotate keys.
//
// Outcomes (EventSink::Offer): 2xx delivers the event. 410 Gone disables
// the sink (SinkStats::disabled; events stay pending for the next run).
// Anything else (429, 5xx, other statuses, connect errors, timeouts) is a
// failed attempt: the deliverer backs off with jitter, at least as long as
// a Retry-After header asks (capped at max_retry_after). After
// max_attempts failed attempts in a row on one event, that event is
// dead-lettered (recorded in the outbox, OutboxEvent::dead_letters) and
// delivery goes on with the next one. Attempts that never reach the
// endpoint (connection refused, DNS, TLS handshake or certificate failure,
// connect timeout) do not count: an outage is waited out, however long,
// and no event is given up because of it. A batch POST is one attempt for
// all its events: 2xx delivers them all, 410 disables, anything else
// delivers none, and after max_attempts the batch's first event is
// dead-lettered and the rest are sent again.
//
// The body is the event's document as the outbox recorded it
// (EventDocument), byte for byte.
//
// Secrets never travel in the spec: OpenEventSink("webhook+...") takes them
// from WebhookOptionsFromEnvironment(); an embedder with its own secrets
// calls OpenWebhookSink with explicit options and passes the sink in
// EngineOptions::sinks.
//
// Thread-safety: a sink is called from one thread at a time (the engine's
// contract); the functions here may be called from any thread.

#ifndef VIGIL_WEBHOOK_SINK_H_
#define VIGIL_WEBHOOK_SINK_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/event_sink.h"
#include "vigil/export.h"
#include "vigil/result.h"

namespace vigil {

// The largest WebhookOptions::batch.
inline constexpr size_t kMaxWebhookBatch = 10000;

struct WebhookOptions {
  // Signing secrets, "whsec_<base64 key>" (a bare base64 key is taken too).
  // At least one; each signs every request (key rotation).
  std::vector<std::string> secrets;
  // Time to establish the connection (TCP and TLS). Default 5 s.
  std::chrono::milliseconds connect_timeout{5000};
  // Time for a whole request, connection included. Default 15 s.
  std::chrono::milliseconds timeout{15000};
  // Failed attempts in a row on one event (that reached the endpoint)
  // before it is dead-lettered. Default 12: with the default backoff
  // (DeliveryOptions) about 1 to 2.5 minutes of retries; Retry-After can
  // stretch that. At least 1.
  int max_attempts = 12;
  // The longest Retry-After honoured. Default 10 minutes.
  std::chrono::milliseconds max_retry_after{600000};
  // Events per POST. 1 (the default): one POST per event, its document as
  // the body, webhook-id = the event id, as Standard Webhooks receivers
  // expect. N > 1, for receivers that opt in: a POST carries a JSON array
  // of up to N events (as many as are pending, at most the deliverer's
  // batch) and is signed over the whole body, webhook-id = "batch_" + 32
  // hex digits (docs/webhooks.md "Batches"); 2xx delivers all of them, any
  // other answer none. At most kMaxWebhookBatch.
  size_t batch = 1;
  // PEM file of the CAs to trust for https (an internal CA); empty: the
  // system's. Verification of the certificate and host name stays on.
  std::string ca_file;
};

// Parses secrets separated by whitespace (a file's or an environment
// variable's text): "whsec_<base64>" or bare base64, each decoding to
// 1..64 bytes. Error: kInvalidArgument (the message never repeats a
// secret).
VIGIL_EXPORT Result<std::vector<std::string>> ParseWebhookSecrets(
    std::string_view text);

// The options OpenEventSink uses for webhook specs, from the environment:
//   VIGIL_WEBHOOK_SECRET            secrets (as ParseWebhookSecrets takes)
//   VIGIL_WEBHOOK_SECRET_FILE       a file holding them (used when
//                                   VIGIL_WEBHOOK_SECRET is unset)
//   VIGIL_WEBHOOK_CONNECT_TIMEOUT_MS, VIGIL_WEBHOOK_TIMEOUT_MS,
//   VIGIL_WEBHOOK_MAX_ATTEMPTS,
//   VIGIL_WEBHOOK_BATCH             override the defaults above
//   VIGIL_WEBHOOK_CA_FILE           WebhookOptions::ca_file
// Errors: kInvalidArgument for no secret, a malformed secret or number;
// the file's read error.
VIGIL_EXPORT Result<WebhookOptions> WebhookOptionsFromEnvironment();

// Opens a webhook sink for `spec` ("webhook+https://..." or
// "webhook+http://..."). Named by the spec itself, so its delivery cursor
// follows the URL. Nothing is sent until events are delivered.
// Errors: kInvalidArgument for a malformed spec, no secret or a malformed
// one, a non-positive timeout or attempt limit.
VIGIL_EXPORT Result<std::unique_ptr<EventSink>> OpenWebhookSink(
    std::string_view spec, const WebhookOptions& options);

// Signs requests as the webhook sink does. The secrets are decoded and an
// HMAC-SHA256 context is keyed for each once, at Create(), so a signature
// costs the hashing of its message only. For receivers written in C++:
// a request verifies when one "v1,..." of its webhook-signature header is
// one of Sign(its webhook-id, webhook-timestamp, body) (and the timestamp
// is recent: docs/webhooks.md).
//
// Thread-safety: Sign() may not be called from two threads at once; use one
// signer per thread.
class VIGIL_EXPORT WebhookSigner {
 public:
  // Error: kInvalidArgument for no secret or a malformed one (the message
  // gives its position, never its text).
  static Result<WebhookSigner> Create(const std::vector<std::string>& secrets);

  WebhookSigner(WebhookSigner&&) noexcept;
  WebhookSigner& operator=(WebhookSigner&&) noexcept;
  ~WebhookSigner();

  // The webhook-signature header value: "v1,<base64 HMAC-SHA256(key,
  // id "." timestamp "." body)>" per secret, space-separated.
  std::string Sign(std::string_view id, int64_t timestamp,
                   std::string_view body);

 private:
  struct Rep;
  explicit WebhookSigner(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

// WebhookSigner::Create(secrets)->Sign(id, timestamp, body): one signature
// without keeping a signer. For tests and one-off checks.
// Error: kInvalidArgument for no secret or a malformed one.
VIGIL_EXPORT Result<std::string> WebhookSignature(
    const std::vector<std::string>& secrets, std::string_view id,
    int64_t timestamp, std::string_view body);

}  // namespace vigil

#endif  // VIGIL_WEBHOOK_SINK_H_
