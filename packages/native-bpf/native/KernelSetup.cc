#include "KernelSetup.h"

#include <bpf/libbpf.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include "Args.h"
#include "BpfError.h"

namespace gadgetry {

void KernelSetup::Register(Napi::Env env, Napi::Object exports) {
  exports.Set("mount", Napi::Function::New(env, &KernelSetup::Mount));
  exports.Set("raiseMemlock", Napi::Function::New(env, &KernelSetup::RaiseMemlock));
  exports.Set("possibleCpus", Napi::Function::New(env, &KernelSetup::PossibleCpus));
  exports.Set("libbpfVersion", Napi::Function::New(env, &KernelSetup::LibbpfVersion));
}

// mount(fstype, target): mounts a pseudo filesystem (tracefs, bpf).
Napi::Value KernelSetup::Mount(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "mount(fstype, target)", 2, 2);
  std::string type = args.String(0, "fstype");
  std::string target = args.String(1, "target");
  if (mount(type.c_str(), target.c_str(), type.c_str(), 0, nullptr) != 0)
    ThrowBpfError(env, Code::MOUNT_FAILED, "cannot mount " + type + " on " + target, errno);
  return env.Undefined();
}

// raiseMemlock(): lifts RLIMIT_MEMLOCK for kernels that still charge BPF maps to it.
Napi::Value KernelSetup::RaiseMemlock(const Napi::CallbackInfo& info) {
  Args(info, "raiseMemlock()", 0, 0);
  struct rlimit r = {RLIM_INFINITY, RLIM_INFINITY};
  return Napi::Boolean::New(info.Env(), setrlimit(RLIMIT_MEMLOCK, &r) == 0);
}

Napi::Value KernelSetup::PossibleCpus(const Napi::CallbackInfo& info) {
  Args(info, "possibleCpus()", 0, 0);
  return Napi::Number::New(info.Env(), libbpf_num_possible_cpus());
}

Napi::Value KernelSetup::LibbpfVersion(const Napi::CallbackInfo& info) {
  Args(info, "libbpfVersion()", 0, 0);
  return Napi::String::New(info.Env(), libbpf_version_string());
}

}  // namespace gadgetry
