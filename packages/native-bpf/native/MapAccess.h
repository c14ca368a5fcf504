// Map operations on a map fd with Buffer keys and values.
#pragma once
#include <napi.h>

namespace gadgetry {

class MapAccess {
 public:
  static void Register(Napi::Env env, Napi::Object exports);

 private:
  static Napi::Value Lookup(const Napi::CallbackInfo& info);
  static Napi::Value Update(const Napi::CallbackInfo& info);
  static Napi::Value Delete(const Napi::CallbackInfo& info);
  static Napi::Value NextKey(const Napi::CallbackInfo& info);
  static Napi::Value LookupBatch(const Napi::CallbackInfo& info);
};

}  // namespace gadgetry
