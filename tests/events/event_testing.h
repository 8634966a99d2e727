// Copyright 2026 The Vigil Authors.
//
// Takedown events for the events tests.

#ifndef VIGIL_TESTS_EVENTS_EVENT_TESTING_H_
#define VIGIL_TESTS_EVENTS_EVENT_TESTING_H_

#include <string>

#include "vigil/event.h"

namespace vigil::testing {

// An event about content `content` matched in set "set", recommending
// `action`; its idempotency key depends on `content` only, so two events of
// one content are duplicates.
inline TakedownEvent TestEvent(const std::string& content,
                               HashsetAction action = HashsetAction::kReport) {
  TakedownEvent e;
  e.created_at_ms = UnixMillisNow();
  e.content.id = content;
  e.match.hashset = "set";
  e.action = action;
  e.engine_version = "test";
  e.idempotency_key = IdempotencyKey(content, "", "set", SignalType::kMd5, "h");
  return e;
}

}  // namespace vigil::testing

#endif  // VIGIL_TESTS_EVENTS_EVENT_TESTING_H_
