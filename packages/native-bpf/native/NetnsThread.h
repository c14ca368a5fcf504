// Runs a step inside another network namespace without moving any thread of
// the caller: setns() changes only the thread that calls it, so a thread made
// for the purpose enters the namespace, runs the step and ends. Whatever the
// step opens (a socket, an iterator) keeps that namespace for its whole life.
#pragma once
#include <functional>

#include "IterTarget.h"

namespace gadgetry {

// Runs `step` in `netns` on a thread of its own and returns what it returns
// (an fd, or -1 with errno). On failure `err` is the errno and `stage` says
// where it stopped: "open" (the namespace file), "enter" (setns) or "step".
int RunInNetns(const NetnsChoice& netns, const std::function<int()>& step, int* err, const char** stage);

}  // namespace gadgetry
