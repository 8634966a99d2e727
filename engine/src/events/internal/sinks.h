// Copyright 2026 The Vigil Authors.
//
// Factories of the built-in sink schemes, registered in sink_registry.cc.
// Each takes the whole spec ("jsonl:/var/log/e.jsonl") and returns
// kInvalidArgument when the rest of the spec is malformed.

#ifndef VIGIL_ENGINE_SRC_EVENTS_INTERNAL_SINKS_H_
#define VIGIL_ENGINE_SRC_EVENTS_INTERNAL_SINKS_H_

#include <memory>
#include <string_view>

#include "vigil/event_sink.h"

namespace vigil::internal {

// "jsonl:PATH" (PATH "-" is stdout).
Result<std::unique_ptr<EventSink>> OpenJsonlSpec(std::string_view spec);
// "nats://HOST:PORT[,HOST:PORT...]/SUBJECT[?OPTIONS]" and "nats+tls://...":
// NATS JetStream (nats_sink.cc, docs/nats.md).
Result<std::unique_ptr<EventSink>> OpenNatsSpec(std::string_view spec);
// "stdout".
Result<std::unique_ptr<EventSink>> OpenStdoutSpec(std::string_view spec);
// "webhook+https://HOST/PATH", options from WebhookOptionsFromEnvironment.
Result<std::unique_ptr<EventSink>> OpenWebhookSpec(std::string_view spec);

}  // namespace vigil::internal

#endif  // VIGIL_ENGINE_SRC_EVENTS_INTERNAL_SINKS_H_
