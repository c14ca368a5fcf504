// Owns one bpf_link; destroying it detaches the program.
#pragma once
#include <napi.h>

struct bpf_link;

namespace gadgetry {

class BpfLink : public Napi::ObjectWrap<BpfLink> {
 public:
  static Napi::Function Init(Napi::Env env);
  // Wraps an attached link; takes ownership.
  static Napi::Object Wrap(Napi::Env env, struct bpf_link* link, int perfFd = -1);
  explicit BpfLink(const Napi::CallbackInfo& info);
  ~BpfLink() override;

 private:
  void Release();
  Napi::Value Destroy(const Napi::CallbackInfo& info);
  Napi::Value Fd(const Napi::CallbackInfo& info);
  Napi::Value ReadIterator(const Napi::CallbackInfo& info);

  struct bpf_link* link_ = nullptr;
  int perfFd_ = -1;  // perf event the link rides on, closed with it
  static Napi::FunctionReference* constructor_;
};

}  // namespace gadgetry
