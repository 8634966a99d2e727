// Copyright 2026 The Vigil Authors.
//
// File: events/internal/event_json.h
// The takedown event as a JSON object, for renderers in later modules that
// embed or extend it (OutboxEventJson). Text form: vigil/json.h.

#ifndef VIGIL_EVENTS_INTERNAL_EVENT_JSON_H_
#define VIGIL_EVENTS_INTERNAL_EVENT_JSON_H_

#include "core/internal/json_text.h"
#include "vigil/event.h"

namespace vigil::internal {

// The object TakedownEventJson() serialises (docs/events.md).
Json TakedownEventObject(const TakedownEvent& event);
// The "state" object of an event (docs/events.md "state.*").
Json EventStateObject(const EventLifecycle& state);
// Parses EventStateObject's output. Error: kCorruptInput.
Result<EventLifecycle> ParseEventStateObject(const Json& j);

}  // namespace vigil::internal

#endif  // VIGIL_EVENTS_INTERNAL_EVENT_JSON_H_
