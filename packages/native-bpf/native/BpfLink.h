// One attached program. Owned by its object: destroy() or closing the object
// detaches it, once; afterwards every use is BPF_OBJECT_CLOSED.
#pragma once
#include <napi.h>

#include <memory>
#include <string>

#include "ObjectOwner.h"

struct bpf_link;

namespace gadgetry {

class BpfLink : public Napi::ObjectWrap<BpfLink>, public Dependent {
 public:
  static Napi::Function Init(Napi::Env env);
  // Wraps an attached link; the link is owned by `owner` from now on.
  static Napi::Object Wrap(Napi::Env env, std::shared_ptr<ObjectOwner> owner, struct bpf_link* link, const std::string& program);
  explicit BpfLink(const Napi::CallbackInfo& info);
  ~BpfLink() override;
  void Release() override;

 private:
  Napi::Value Destroy(const Napi::CallbackInfo& info);
  Napi::Value Fd(const Napi::CallbackInfo& info);
  Napi::Value Closed(const Napi::CallbackInfo& info);
  Napi::Value ReadIterator(const Napi::CallbackInfo& info);

  std::shared_ptr<ObjectOwner> owner_;
  struct bpf_link* link_ = nullptr;
  std::string program_;
};

}  // namespace gadgetry
