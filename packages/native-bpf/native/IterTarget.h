// What an iterator walks, when the kernel lets it be told (union
// bpf_iter_link_info): the elements of one map, the tasks of one process or
// thread, the cgroups around one cgroup. And where an iterator instance is
// created: iterators over sockets (tcp, udp, unix) walk the network namespace
// of the thread that creates them.
#pragma once
#include <linux/bpf.h>
#include <napi.h>

#include <string>

#include "Args.h"

namespace gadgetry {

// Fills `info` from the attach options JavaScript gave ({ mapFd } | { taskTid }
// | { taskPid } | { taskPidFd } | { cgroupFd?, cgroupId?, cgroupOrder? });
// returns false when they name no target (a plain attach). More than one
// target, or a value out of range, is a TypeError or RangeError naming it.
bool ParseIterTarget(const Args& args, Napi::Object options, union bpf_iter_link_info* info);

// Where to create an iterator instance: the caller's network namespace, or
// the one behind a namespace file (a path such as /proc/PID/ns/net, or an fd).
struct NetnsChoice {
  bool given = false;
  std::string path;  // used when fd < 0
  int fd = -1;
};
NetnsChoice ParseNetns(const Args& args, Napi::Object options);

// bpf_iter_create(linkFd) on a thread of its own that first enters `netns`,
// so no thread of the caller ever changes namespace. Returns the new fd, or
// -1 with `err` (errno) and `stage` ("open", "enter", "create") set.
int CreateIteratorIn(int linkFd, const NetnsChoice& netns, int* err, const char** stage);

}  // namespace gadgetry
