// Host preparation that needs system calls: mounts, memlock, CPU count.
#pragma once
#include <napi.h>

namespace gadgetry {

class KernelSetup {
 public:
  static void Register(Napi::Env env, Napi::Object exports);

 private:
  static Napi::Value Mount(const Napi::CallbackInfo& info);
  static Napi::Value RaiseMemlock(const Napi::CallbackInfo& info);
  static Napi::Value PossibleCpus(const Napi::CallbackInfo& info);
  static Napi::Value LibbpfVersion(const Napi::CallbackInfo& info);
};

}  // namespace gadgetry
