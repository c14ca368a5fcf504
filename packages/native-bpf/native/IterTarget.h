// What an iterator walks, when the kernel lets it be told (union
// bpf_iter_link_info): the elements of one map, the tasks of one process or
// thread, the cgroups around one cgroup. (Iterators over sockets walk the
// network namespace of the thread that creates them: NetnsThread.h.)
#pragma once
#include <linux/bpf.h>
#include <napi.h>

#include "Args.h"

namespace gadgetry {

// Fills `info` from the attach options JavaScript gave ({ mapFd } | { taskTid }
// | { taskPid } | { taskPidFd } | { cgroupFd?, cgroupId?, cgroupOrder? });
// returns false when they name no target (a plain attach). More than one
// target, or a value out of range, is a TypeError or RangeError naming it.
bool ParseIterTarget(const Args& args, Napi::Object options, union bpf_iter_link_info* info);

}  // namespace gadgetry
