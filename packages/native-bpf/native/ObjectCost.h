// What a loaded object costs the kernel: each program's run count and run
// time, each map's memory. Read from the kernel (BPF_OBJ_GET_INFO_BY_FD and
// /proc/self/fdinfo), so the numbers are the ones bpftool shows.
#pragma once
#include <napi.h>

struct bpf_object;

namespace gadgetry {

// [{ name, id, type, runCount, runTimeNs, recursionMisses, bytes }] for each loaded program.
Napi::Array ProgramCosts(Napi::Env env, struct bpf_object* obj);

// [{ name, id, type, maxEntries, keySize, valueSize, bytes, internal }] for each created map.
Napi::Array MapCosts(Napi::Env env, struct bpf_object* obj);

// Turns on the kernel's count of BPF run time (BPF_ENABLE_STATS) while the
// returned fd is open; throws BPF_STATS_REFUSED.
int EnableRunTimeStats(Napi::Env env);

}  // namespace gadgetry
