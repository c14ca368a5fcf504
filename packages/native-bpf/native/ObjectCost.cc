#include "ObjectCost.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "BpfError.h"

namespace gadgetry {

namespace {

// The kernel memory charged to a program or map: the `memlock:` line of its
// fdinfo (what bpftool shows as bytes_memlock); -1 when it cannot be read.
int64_t MemlockOf(int fd) {
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
  FILE* f = fopen(path, "re");
  if (!f) return -1;
  char line[256];
  int64_t bytes = -1;
  while (fgets(line, sizeof line, f)) {
    long long v;
    if (sscanf(line, "memlock: %lld", &v) == 1) {
      bytes = v;
      break;
    }
  }
  fclose(f);
  return bytes;
}

Napi::Value Bytes(Napi::Env env, int64_t bytes) {
  return bytes < 0 ? env.Null() : Napi::Number::New(env, static_cast<double>(bytes));
}

}  // namespace

Napi::Array ProgramCosts(Napi::Env env, struct bpf_object* obj) {
  Napi::Array out = Napi::Array::New(env);
  uint32_t i = 0;
  struct bpf_program* prog;
  bpf_object__for_each_program(prog, obj) {
    int fd = bpf_program__fd(prog);
    if (fd < 0) continue;  // not loaded (left out, or optional and absent)
    struct bpf_prog_info info;
    memset(&info, 0, sizeof info);
    __u32 len = sizeof info;
    if (bpf_obj_get_info_by_fd(fd, &info, &len) != 0)
      ThrowBpfError(env, Code::BPF_INFO_FAILED, std::string("cannot read the kernel's numbers of program ") + bpf_program__name(prog), errno);
    Napi::Object p = Napi::Object::New(env);
    p.Set("name", bpf_program__name(prog));
    p.Set("id", Napi::Number::New(env, info.id));
    p.Set("type", Napi::Number::New(env, info.type));
    p.Set("runCount", Napi::BigInt::New(env, static_cast<uint64_t>(info.run_cnt)));
    p.Set("runTimeNs", Napi::BigInt::New(env, static_cast<uint64_t>(info.run_time_ns)));
    p.Set("recursionMisses", Napi::BigInt::New(env, static_cast<uint64_t>(info.recursion_misses)));
    p.Set("bytes", Bytes(env, MemlockOf(fd)));
    out.Set(i++, p);
  }
  return out;
}

Napi::Array MapCosts(Napi::Env env, struct bpf_object* obj) {
  Napi::Array out = Napi::Array::New(env);
  uint32_t i = 0;
  struct bpf_map* map;
  bpf_object__for_each_map(map, obj) {
    int fd = bpf_map__fd(map);
    if (fd < 0) continue;
    struct bpf_map_info info;
    memset(&info, 0, sizeof info);
    __u32 len = sizeof info;
    if (bpf_obj_get_info_by_fd(fd, &info, &len) != 0)
      ThrowBpfError(env, Code::BPF_INFO_FAILED, std::string("cannot read the kernel's numbers of map ") + bpf_map__name(map), errno);
    Napi::Object m = Napi::Object::New(env);
    m.Set("name", bpf_map__name(map));
    m.Set("id", Napi::Number::New(env, info.id));
    m.Set("type", Napi::Number::New(env, info.type));
    m.Set("maxEntries", Napi::Number::New(env, info.max_entries));
    m.Set("keySize", Napi::Number::New(env, info.key_size));
    m.Set("valueSize", Napi::Number::New(env, info.value_size));
    m.Set("bytes", Bytes(env, MemlockOf(fd)));
    m.Set("internal", Napi::Boolean::New(env, bpf_map__is_internal(map)));
    out.Set(i++, m);
  }
  return out;
}

int EnableRunTimeStats(Napi::Env env) {
  int fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
  if (fd < 0) ThrowBpfError(env, Code::BPF_STATS_REFUSED, "the kernel refused to count BPF run time (BPF_ENABLE_STATS)", errno);
  return fd;
}

}  // namespace gadgetry
