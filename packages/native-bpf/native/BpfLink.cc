#include "BpfLink.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <unistd.h>

#include <vector>

#include "BpfError.h"

namespace gadgetry {

Napi::FunctionReference* BpfLink::constructor_ = nullptr;

Napi::Function BpfLink::Init(Napi::Env env) {
  Napi::Function fn = DefineClass(env, "BpfLink",
                                  {InstanceMethod("destroy", &BpfLink::Destroy),
                                   InstanceAccessor("fd", &BpfLink::Fd, nullptr),
                                   InstanceMethod("readIterator", &BpfLink::ReadIterator)});
  constructor_ = new Napi::FunctionReference(Napi::Persistent(fn));
  return fn;
}

Napi::Object BpfLink::Wrap(Napi::Env env, struct bpf_link* link, int perfFd) {
  Napi::Object obj = constructor_->New({});
  BpfLink* self = Napi::ObjectWrap<BpfLink>::Unwrap(obj);
  self->link_ = link;
  self->perfFd_ = perfFd;
  return obj;
}

BpfLink::BpfLink(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BpfLink>(info) {}

BpfLink::~BpfLink() { Release(); }

void BpfLink::Release() {
  if (link_) bpf_link__destroy(link_);
  link_ = nullptr;
  if (perfFd_ >= 0) close(perfFd_);
  perfFd_ = -1;
}

Napi::Value BpfLink::Destroy(const Napi::CallbackInfo& info) {
  Release();
  return info.Env().Undefined();
}

Napi::Value BpfLink::Fd(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), link_ ? bpf_link__fd(link_) : -1);
}

// Creates an iterator instance from an iter link and reads it to the end.
Napi::Value BpfLink::ReadIterator(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!link_) ThrowBpfError(env, "BPF_LINK_CLOSED", "the link was destroyed", 0);
  ClearLibbpfLog();
  int fd = bpf_iter_create(bpf_link__fd(link_));
  if (fd < 0) ThrowBpfError(env, "BPF_ITER_FAILED", "cannot create a BPF iterator", errno);
  std::vector<char> data;
  char chunk[16384];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      int err = errno;
      close(fd);
      ThrowBpfError(env, "BPF_ITER_FAILED", "reading the BPF iterator failed", err);
    }
    data.insert(data.end(), chunk, chunk + n);
  }
  close(fd);
  return Napi::Buffer<char>::Copy(env, data.data(), data.size());
}

}  // namespace gadgetry
