#include "IterTarget.h"

#include <bpf/bpf.h>

#include <climits>
#include <cstring>

namespace gadgetry {

namespace {

bool HasField(Napi::Object o, const char* name) { return !o.Get(name).IsUndefined(); }

}  // namespace

bool ParseIterTarget(const Args& args, Napi::Object options, union bpf_iter_link_info* info) {
  memset(info, 0, sizeof *info);
  const char* targets[] = {"mapFd", "taskTid", "taskPid", "taskPidFd"};
  int given = 0;
  for (const char* t : targets) given += HasField(options, t) ? 1 : 0;
  bool cgroup = HasField(options, "cgroupFd") || HasField(options, "cgroupId") || HasField(options, "cgroupOrder");
  given += cgroup ? 1 : 0;
  if (given == 0) return false;
  if (given > 1) {
    throw Napi::TypeError::New(options.Env(),
                               "attach(program, options): options name more than one iterator target; give one of mapFd, "
                               "taskTid, taskPid, taskPidFd, or cgroupFd/cgroupId/cgroupOrder");
  }
  if (HasField(options, "mapFd")) {
    info->map.map_fd = static_cast<__u32>(args.IntegerField(options, "mapFd", 0, INT32_MAX, 0));
  } else if (HasField(options, "taskTid")) {
    info->task.tid = static_cast<__u32>(args.IntegerField(options, "taskTid", 1, INT32_MAX, 0));
  } else if (HasField(options, "taskPid")) {
    info->task.pid = static_cast<__u32>(args.IntegerField(options, "taskPid", 1, INT32_MAX, 0));
  } else if (HasField(options, "taskPidFd")) {
    info->task.pid_fd = static_cast<__u32>(args.IntegerField(options, "taskPidFd", 0, INT32_MAX, 0));
  } else {
    info->cgroup.order = static_cast<enum bpf_cgroup_iter_order>(args.IntegerField(options, "cgroupOrder", 0, 4, 0));
    info->cgroup.cgroup_fd = static_cast<__u32>(args.IntegerField(options, "cgroupFd", 0, INT32_MAX, 0));
    Napi::Value id = options.Get("cgroupId");
    if (!id.IsUndefined()) {
      if (!id.IsBigInt()) args.TypeFail("options.cgroupId", "a bigint", id);
      bool lossless = false;
      info->cgroup.cgroup_id = id.As<Napi::BigInt>().Uint64Value(&lossless);
      if (!lossless) throw Napi::RangeError::New(options.Env(), "attach(program, options): options.cgroupId must be a bigint from 0 to 2^64-1");
    }
    if (info->cgroup.cgroup_fd && info->cgroup.cgroup_id) {
      throw Napi::TypeError::New(options.Env(), "attach(program, options): give options.cgroupFd or options.cgroupId, not both");
    }
  }
  return true;
}

}  // namespace gadgetry
