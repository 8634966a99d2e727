// Copyright 2026 The Vigil Authors.
//
// File: vigil/event_state.h
// -----------------------------------------------------------------------------
// The lifecycle of a takedown event in the notice-and-takedown workflow:
//
//   open --(removed | blocked | reported)--> actioned
//   open --(false_positive, with a reason)--> dismissed
//
// A resolution records who did it, when, and an optional external
// reference (a hotline report id, a ticket). It is durable in the store
// (the outbox), shown with the event (`vigil events list`, the "state"
// object of docs/events.md), and delivered to the sinks as a
// `vigil.takedown.update/1` document. A resolved event is resolved again
// only when asked to amend (EventResolution::amend); every earlier state
// is kept in the history.
//
//   EventResolution r;
//   r.outcome = EventOutcome::kReported;
//   r.reference = "NCMEC-CT-12345";
//   r.actor = "alice";
//   VIGIL_ASSIGN_OR_RETURN(auto events, engine->ResolveEvents(ids, r));
//
// Thread-safety: value types and pure functions.

#ifndef VIGIL_EVENT_STATE_H_
#define VIGIL_EVENT_STATE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/export.h"
#include "vigil/result.h"

namespace vigil {

// Persisted by name ("open", "actioned", "dismissed"), never by number.
enum class EventState : uint8_t {
  kOpen = 0,
  kActioned = 1,
  kDismissed = 2,
};

// What was done with the content. Persisted by name.
enum class EventOutcome : uint8_t {
  kNone = 0,           // open: nothing yet ("")
  kRemoved = 1,        // taken down               -> actioned
  kBlocked = 2,        // refused / blocked         -> actioned
  kReported = 3,       // reported to the hotline   -> actioned
  kFalsePositive = 4,  // not what the list says    -> dismissed
};

// "open", "actioned", "dismissed".
VIGIL_EXPORT const char* EventStateName(EventState state);
// Error: kInvalidArgument naming the accepted values.
VIGIL_EXPORT Result<EventState> ParseEventState(std::string_view name);
// "removed", "blocked", "reported", "false_positive"; "" for kNone.
VIGIL_EXPORT const char* EventOutcomeName(EventOutcome outcome);
// Parses a non-empty name. Error: kInvalidArgument naming the values.
VIGIL_EXPORT Result<EventOutcome> ParseEventOutcome(std::string_view name);
// The state an outcome leads to: kDismissed for a false positive,
// kActioned for the others, kOpen for kNone.
VIGIL_EXPORT EventState StateAfter(EventOutcome outcome);

// One state of an event and how it was reached.
struct EventStateChange {
  EventState state = EventState::kOpen;
  EventOutcome outcome = EventOutcome::kNone;
  std::string reference;  // external reference, e.g. a hotline report id
  std::string reason;     // why (required for a false positive)
  std::string actor;
  int64_t at_ms = 0;  // Unix ms of the change; 0 for the initial open state
};

// Where an event stands: its current state and the earlier ones.
struct EventLifecycle {
  EventStateChange current;               // open when never resolved
  std::vector<EventStateChange> history;  // earlier states, oldest first
};

// What a resolution asks (Engine::ResolveEvents).
struct EventResolution {
  EventOutcome outcome = EventOutcome::kNone;  // required
  std::string reference;                       // optional external reference
  std::string reason;                          // required for kFalsePositive
  std::string actor;
  // Resolve events that are resolved already (the earlier state goes to
  // the history). Without it such an event fails the whole call with
  // kFailedPrecondition. Default false.
  bool amend = false;
  // For kFalsePositive only: disable the matched entry of each event (and
  // the entries of its set with the same external id, Engine::ResolveEvents)
  // so it stops matching, until disable_until_ms (Unix ms; 0: until enabled
  // again).
  bool disable_entry = false;
  int64_t disable_until_ms = 0;
};

// OK when `r` can be applied: an outcome, a reason for a false positive,
// disable_entry only with a false positive, texts of at most 4096 bytes.
// Error: kInvalidArgument saying why.
VIGIL_EXPORT Status ValidateEventResolution(const EventResolution& r);

}  // namespace vigil

#endif  // VIGIL_EVENT_STATE_H_
