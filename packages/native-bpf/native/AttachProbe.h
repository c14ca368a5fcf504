// Whether a kind of program can be loaded *and attached* here, found out by
// doing it: a two-instruction program is loaded and attached to a harmless
// target (vfs_read, sched_switch, this addon's own code), then released at
// once. libbpf's probes only load, and loading is not the whole story: a
// kernel without kprobes loads kprobe programs and has nothing to attach
// them to; one that forbids fentry says so only at load time.
#pragma once
#include <napi.h>

namespace gadgetry {

class AttachProbe {
 public:
  static void Register(Napi::Env env, Napi::Object exports);

 private:
  static Napi::Value ProbeAttach(const Napi::CallbackInfo& info);
};

}  // namespace gadgetry
