// Copyright 2026 The Vigil Authors.
//
// File: events/internal/event_document.h
// Recorded events for delivery (EventDocument) without parsing them: the
// outbox record of an event keeps the fields sinks address it by in a small
// header before its document, so a deliverer never lexes the document.
//
// Outbox record (the value of an "e" key, events/internal/outbox.h),
// format 1:
//   byte 0       kEventRecordV1 (0x01; never renumber: a record of the
//                previous format is the document alone and starts with '{')
//   bytes 1-8    XXH3-64 of bytes 9 to the end, little-endian
//   byte 9       flags: bit 0 set = a vigil.takedown.update/1 document;
//                other bits 0
//   byte 10      n, then n bytes: the action name (HashsetActionName)
//   1 byte       32, then 32 bytes: the event's key (its id without
//                dashes, lower-case hex), as in the record's own key
//   2 bytes      m, little-endian, then m bytes: the idempotency key as
//                the document has it (EscapeText: docs/events.md)
//   the rest     the document (TakedownEvent::ToJson), byte for byte
// The header is written by EncodeEventRecord from the same TakedownEvent as
// the document, in the same value; the checksum stands in for the lexer
// that checked each document before the header existed: a record damaged
// anywhere is kCorruptInput, never delivered with wrong fields.

#ifndef VIGIL_EVENTS_INTERNAL_EVENT_DOCUMENT_H_
#define VIGIL_EVENTS_INTERNAL_EVENT_DOCUMENT_H_

#include <span>
#include <string>
#include <string_view>
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

// The first byte of a format-1 outbox record (see the file comment).
inline constexpr char kEventRecordV1 = '\x01';

// The outbox record of `event`, filed under the event key `key` (32 hex
// digits: its event_id without dashes): format 1, header + event.ToJson().
// An idempotency key longer than 65,535 bytes (no header can hold it) gets
// a record of the previous format, the document alone, which still reads.
std::string EncodeEventRecord(const TakedownEvent& event, std::string_view key);

// The document of an outbox record of either format (a view into
// `record`). Error: kCorruptInput for a format-1 header that is cut short.
Result<std::string_view> EventRecordDocument(std::string_view record);

// Reads the outbox record `record`, filed under the event key `key` (32
// hex digits), into *d for delivery. *d's strings are assigned, so a
// document reused across batches keeps their capacity (no allocation once
// they are large enough). Format 1: the header's fields, checked (the
// checksum, a known action, flags, the key equal to `key`, a non-empty
// idempotency key, a document that begins with '{' and ends with '}'); the
// document is not lexed. The previous format: ReadEventDocument, and the
// document's event_id must be the key's. Errors: kCorruptInput saying what is
// wrong, including "holds a document of event ID" for a record filed under
// another event's key.
Status ReadEventRecord(std::string_view key, std::string_view record,
                       EventDocument* d);

// Sets *id to the event id (UUID text form) of the event key `key` (32 hex
// digits), reusing *id's capacity.
void AssignEventIdOfKey(std::string_view key, std::string* id);

// EventDocument::Of() of each event: what a sink's Deliver()/Offer() of
// parsed events sends through its OfferDocuments().
std::vector<EventDocument> DocumentsOf(std::span<const TakedownEvent> events);

}  // namespace vigil::internal

#endif  // VIGIL_EVENTS_INTERNAL_EVENT_DOCUMENT_H_
