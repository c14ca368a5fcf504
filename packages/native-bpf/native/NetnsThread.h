// Runs a step inside another network namespace without moving any thread of
// the caller: setns() changes only the thread that calls it, so a thread made
// for the purpose enters the namespace, runs the step and ends. Whatever the
// step opens (a socket, an iterator) keeps that namespace for its whole life.
#pragma once
#include <napi.h>

#include <functional>
#include <string>

#include "Args.h"

namespace gadgetry {

// Which network namespace: the caller's, or the one behind a namespace file
// (a path such as /proc/PID/ns/net, or an fd).
struct NetnsChoice {
  bool given = false;
  std::string path;  // used when fd < 0
  int fd = -1;
};

// Reads options.netns (a path or an fd; absent: the caller's namespace). A bad
// value is a TypeError naming `call`, the JavaScript call it came with.
NetnsChoice ParseNetns(const Args& args, Napi::Object options, const char* call);

// How an error message names the namespace: its path, or "fd N".
std::string NetnsName(const NetnsChoice& netns);

// Runs `step` in `netns` on a thread of its own and returns what it returns
// (an fd, or -1 with errno). On failure `err` is the errno and `stage` says
// where it stopped: "open" (the namespace file), "enter" (setns) or "step".
int RunInNetns(const NetnsChoice& netns, const std::function<int()>& step, int* err, const char** stage);

}  // namespace gadgetry
