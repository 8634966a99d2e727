// Copyright 2026 The Vigil Authors.

#include "vigil/event_state.h"

#include "testing/status_matchers.h"

namespace vigil {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::vigil::testing::StatusIs;

TEST(EventStateTest, NamesRoundTrip) {
  for (EventState s :
       {EventState::kOpen, EventState::kActioned, EventState::kDismissed}) {
    EXPECT_EQ(*ParseEventState(EventStateName(s)), s);
  }
  for (EventOutcome o :
       {EventOutcome::kRemoved, EventOutcome::kBlocked, EventOutcome::kReported,
        EventOutcome::kFalsePositive}) {
    EXPECT_EQ(*ParseEventOutcome(EventOutcomeName(o)), o);
  }
  EXPECT_THAT(ParseEventState("closed"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("dismissed")));
  EXPECT_THAT(ParseEventOutcome(""), StatusIs(StatusCode::kInvalidArgument, _));
  EXPECT_EQ(StateAfter(EventOutcome::kReported), EventState::kActioned);
  EXPECT_EQ(StateAfter(EventOutcome::kFalsePositive), EventState::kDismissed);
}

TEST(EventStateTest, ValidateResolution) {
  EventResolution r;
  EXPECT_THAT(ValidateEventResolution(r),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("outcome")));
  r.outcome = EventOutcome::kFalsePositive;
  EXPECT_THAT(ValidateEventResolution(r),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("reason")));
  r.reason = "a cat";
  r.disable_entry = true;
  r.disable_until_ms = 4102444800000;
  VIGIL_EXPECT_OK(ValidateEventResolution(r));
  r.outcome = EventOutcome::kRemoved;
  EXPECT_THAT(ValidateEventResolution(r),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("only a false positive")));
  r.disable_entry = false;
  EXPECT_THAT(ValidateEventResolution(r),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("needs")));
  r.disable_until_ms = 0;
  r.reference = std::string(5000, 'x');
  EXPECT_THAT(ValidateEventResolution(r),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("4096")));
}

}  // namespace
}  // namespace vigil
