// Copyright 2026 The Vigil Authors.

#include "vigil/event_state.h"

#include <string>

namespace vigil {

const char* EventStateName(EventState state) {
  switch (state) {
    case EventState::kOpen:
      return "open";
    case EventState::kActioned:
      return "actioned";
    case EventState::kDismissed:
      return "dismissed";
  }
  return "unknown";
}

Result<EventState> ParseEventState(std::string_view name) {
  for (EventState s :
       {EventState::kOpen, EventState::kActioned, EventState::kDismissed}) {
    if (name == EventStateName(s)) return s;
  }
  return InvalidArgumentError("unknown event state '" + std::string(name) +
                              "' (open, actioned, dismissed)");
}

const char* EventOutcomeName(EventOutcome outcome) {
  switch (outcome) {
    case EventOutcome::kNone:
      return "";
    case EventOutcome::kRemoved:
      return "removed";
    case EventOutcome::kBlocked:
      return "blocked";
    case EventOutcome::kReported:
      return "reported";
    case EventOutcome::kFalsePositive:
      return "false_positive";
  }
  return "unknown";
}

Result<EventOutcome> ParseEventOutcome(std::string_view name) {
  for (EventOutcome o :
       {EventOutcome::kRemoved, EventOutcome::kBlocked, EventOutcome::kReported,
        EventOutcome::kFalsePositive}) {
    if (name == EventOutcomeName(o)) return o;
  }
  return InvalidArgumentError("unknown outcome '" + std::string(name) +
                              "' (removed, blocked, reported, false_positive)");
}

EventState StateAfter(EventOutcome outcome) {
  switch (outcome) {
    case EventOutcome::kNone:
      return EventState::kOpen;
    case EventOutcome::kFalsePositive:
      return EventState::kDismissed;
    default:
      return EventState::kActioned;
  }
}

Status ValidateEventResolution(const EventResolution& r) {
  if (r.outcome == EventOutcome::kNone) {
    return InvalidArgumentError(
        "an outcome is required (removed, blocked, reported, false_positive)");
  }
  if (r.outcome == EventOutcome::kFalsePositive && r.reason.empty()) {
    return InvalidArgumentError("a false positive needs a reason");
  }
  if (r.disable_entry && r.outcome != EventOutcome::kFalsePositive) {
    return InvalidArgumentError(
        "only a false positive can disable the matched entry");
  }
  if (r.disable_until_ms < 0) {
    return InvalidArgumentError("a disable time must not be negative");
  }
  if (r.disable_until_ms != 0 && !r.disable_entry) {
    return InvalidArgumentError("a disable time needs disable_entry");
  }
  for (const std::string* f : {&r.reference, &r.reason, &r.actor}) {
    if (f->size() > 4096) {
      return InvalidArgumentError(
          "reference, reason or actor longer than "
          "4096 bytes");
    }
  }
  return Status::OK();
}

}  // namespace vigil
