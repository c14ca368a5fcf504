// What the running kernel supports, asked of the kernel itself: program and
// map types and helpers through libbpf's probes, and names in the kernel's
// own BTF (functions, raw tracepoints, iterator targets). Each call asks
// again; the TypeScript side caches the answers for the process.
#pragma once
#include <napi.h>

namespace gadgetry {

class FeatureProbe {
 public:
  static void Register(Napi::Env env, Napi::Object exports);

 private:
  static Napi::Value ProgramTypes(const Napi::CallbackInfo& info);
  static Napi::Value MapTypes(const Napi::CallbackInfo& info);
  static Napi::Value ProbeProgramType(const Napi::CallbackInfo& info);
  static Napi::Value ProbeMapType(const Napi::CallbackInfo& info);
  static Napi::Value ProbeHelper(const Napi::CallbackInfo& info);
  static Napi::Value BtfHas(const Napi::CallbackInfo& info);
};

}  // namespace gadgetry
