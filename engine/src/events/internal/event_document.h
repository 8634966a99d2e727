// Copyright 2026 The Vigil Authors.
//
// File: events/internal/event_document.h
// Reading a recorded event document (EventDocument) for delivery without
// parsing the whole event: only the top-level fields sinks address it by.

#ifndef VIGIL_EVENTS_INTERNAL_EVENT_DOCUMENT_H_
#define VIGIL_EVENTS_INTERNAL_EVENT_DOCUMENT_H_

#include <span>
#include <string>
#include <vector>

#include "vigil/event_sink.h"

namespace vigil::internal {

// The document `json` (moved into the result) with the fields read from
// its top-level members "schema", "event_id", "idempotency_key" and
// "action". The whole text is checked to be one JSON object (the store is
// read as hostile bytes); the other members are skipped, not validated:
// TakedownEvent::FromJson does that. Errors: kCorruptInput when the text
// is not a JSON object, the schema is not vigil.takedown/1 or
// vigil.takedown.update/1, or one of those fields is missing, not a
// string, or (action) not an action name.
Result<EventDocument> ReadEventDocument(std::string json);

// EventDocument::Of() of each event: what a sink's Deliver()/Offer() of
// parsed events sends through its OfferDocuments().
std::vector<EventDocument> DocumentsOf(std::span<const TakedownEvent> events);

}  // namespace vigil::internal

#endif  // VIGIL_EVENTS_INTERNAL_EVENT_DOCUMENT_H_
