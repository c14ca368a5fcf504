// Owns one bpf_object: open, set globals, load, attach, close.
#pragma once
#include <napi.h>

struct bpf_object;
struct bpf_program;

namespace gadgetry {

class BpfObject : public Napi::ObjectWrap<BpfObject> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit BpfObject(const Napi::CallbackInfo& info);
  ~BpfObject() override;

 private:
  struct bpf_object* Require(Napi::Env env) const;
  struct bpf_program* FindProgram(Napi::Env env, const std::string& name) const;
  // A program of the loaded object, for attaching; throws before load().
  struct bpf_program* LoadedProgram(Napi::Env env, const std::string& name) const;
  Napi::Value Globals(const Napi::CallbackInfo& info);
  Napi::Value SetGlobal(const Napi::CallbackInfo& info);
  Napi::Value SetMapMaxEntries(const Napi::CallbackInfo& info);
  Napi::Value SetAutoload(const Napi::CallbackInfo& info);
  Napi::Value Load(const Napi::CallbackInfo& info);
  Napi::Value Programs(const Napi::CallbackInfo& info);
  Napi::Value Maps(const Napi::CallbackInfo& info);
  Napi::Value Attach(const Napi::CallbackInfo& info);
  Napi::Value AttachPerfEvent(const Napi::CallbackInfo& info);
  Napi::Value AttachSocket(const Napi::CallbackInfo& info);
  Napi::Value StructLayout(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  struct bpf_object* obj_ = nullptr;
  bool loaded_ = false;
};

}  // namespace gadgetry
