// A BPF object for JavaScript: open, set globals, load (here or on the thread
// pool), attach, list maps and programs, close. The kernel objects belong to
// its ObjectOwner, shared with every handle made from it.
#pragma once
#include <napi.h>

#include <memory>
#include <string>

#include "ObjectOwner.h"

struct bpf_object;
struct bpf_program;

namespace gadgetry {

class BpfObject : public Napi::ObjectWrap<BpfObject> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit BpfObject(const Napi::CallbackInfo& info);

 private:
  struct bpf_program* FindProgram(Napi::Env env, const std::string& name) const;
  // A program of the loaded object, for attaching; throws before load().
  struct bpf_program* LoadedProgram(Napi::Env env, const std::string& name) const;
  Napi::Value Globals(const Napi::CallbackInfo& info);
  Napi::Value SetGlobal(const Napi::CallbackInfo& info);
  Napi::Value SetMapMaxEntries(const Napi::CallbackInfo& info);
  Napi::Value SetAutoload(const Napi::CallbackInfo& info);
  Napi::Value Load(const Napi::CallbackInfo& info);
  Napi::Value LoadAsync(const Napi::CallbackInfo& info);
  Napi::Value Programs(const Napi::CallbackInfo& info);
  Napi::Value Maps(const Napi::CallbackInfo& info);
  Napi::Value Attach(const Napi::CallbackInfo& info);
  Napi::Value AttachPerfEvent(const Napi::CallbackInfo& info);
  Napi::Value AttachSocket(const Napi::CallbackInfo& info);
  Napi::Value AttachUprobe(const Napi::CallbackInfo& info);
  Napi::Value EnableRunTimeStats(const Napi::CallbackInfo& info);
  Napi::Value ProgramCosts(const Napi::CallbackInfo& info);
  Napi::Value MapCosts(const Napi::CallbackInfo& info);
  Napi::Value StructLayout(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value Closed(const Napi::CallbackInfo& info);

  std::shared_ptr<ObjectOwner> owner_;
};

}  // namespace gadgetry
