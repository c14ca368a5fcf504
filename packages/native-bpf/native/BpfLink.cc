#include "BpfLink.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "AddonData.h"
#include "Args.h"
#include "BpfError.h"
#include "IterTarget.h"
#include "LibbpfLog.h"
#include "NetnsThread.h"

namespace gadgetry {

Napi::Function BpfLink::Init(Napi::Env env) {
  Napi::Function fn = DefineClass(env, "BpfLink",
                                  {InstanceMethod("destroy", &BpfLink::Destroy),
                                   InstanceAccessor("fd", &BpfLink::Fd, nullptr),
                                   InstanceAccessor("closed", &BpfLink::Closed, nullptr),
                                   InstanceMethod("readIterator", &BpfLink::ReadIterator)});
  AddonData::Of(env).linkConstructor = Napi::Persistent(fn);
  return fn;
}

Napi::Object BpfLink::Wrap(Napi::Env env, std::shared_ptr<ObjectOwner> owner, struct bpf_link* link, const std::string& program) {
  Napi::Object obj;
  try {
    obj = AddonData::Of(env).linkConstructor.New({});
  } catch (...) {
    bpf_link__destroy(link);
    throw;
  }
  BpfLink* self = Napi::ObjectWrap<BpfLink>::Unwrap(obj);
  self->owner_ = std::move(owner);
  self->link_ = link;
  self->program_ = program;
  self->owner_->Adopt(self);
  return obj;
}

// Made from JavaScript (`new`), a link is born closed: only attach() makes live ones.
BpfLink::BpfLink(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BpfLink>(info) {
  TagObject(info.Env(), info.This().As<Napi::Object>(), tags::kBpfLink);
}

BpfLink::~BpfLink() {
  Release();
  if (owner_) owner_->Forget(this);
}

// bpf_link__destroy closes every fd the link holds, a perf event's included:
// closing any of them again could close an fd another thread just opened.
void BpfLink::Release() {
  if (!link_) return;
  LibbpfLogCapture quiet;
  bpf_link__destroy(link_);
  link_ = nullptr;
}

Napi::Value BpfLink::Destroy(const Napi::CallbackInfo& info) {
  Args(info, "destroy()", 0, 0, tags::kBpfLink);
  Release();
  if (owner_) owner_->Forget(this);
  return info.Env().Undefined();
}

Napi::Value BpfLink::Fd(const Napi::CallbackInfo& info) {
  Args(info, "fd", 0, 0, tags::kBpfLink);
  return Napi::Number::New(info.Env(), link_ ? bpf_link__fd(link_) : -1);
}

Napi::Value BpfLink::Closed(const Napi::CallbackInfo& info) {
  Args(info, "closed", 0, 0, tags::kBpfLink);
  return Napi::Boolean::New(info.Env(), link_ == nullptr);
}

// readIterator(options?): creates an iterator instance from an iter link
// (inside options.netns when given) and reads it to the end.
Napi::Value BpfLink::ReadIterator(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "readIterator(options)", 0, 1, tags::kBpfLink);
  NetnsChoice netns = args.Has(0) ? ParseNetns(args, args.Object(0, "options"), "readIterator(options)") : NetnsChoice{};
  if (!link_) ThrowClosed(env, "the link of program " + (program_.empty() ? std::string("(none)") : program_));
  LibbpfLogCapture capture;
  int fd;
  if (netns.given) {
    int err = 0;
    const char* stage = "";
    int linkFd = bpf_link__fd(link_);
    // the instance keeps the namespace it was created in for its whole life
    fd = RunInNetns(netns, [linkFd]() { return bpf_iter_create(linkFd); }, &err, &stage);
    std::string where = NetnsName(netns);
    if (fd < 0 && strcmp(stage, "step") == 0) {
      ThrowBpfError(env, Code::BPF_ITER_FAILED, "cannot create a BPF iterator for " + program_ + " in network namespace " + where, err, capture.Text());
    }
    if (fd < 0) {
      const char* doing = strcmp(stage, "open") == 0 ? "cannot open network namespace " : "cannot enter network namespace ";
      ThrowBpfError(env, Code::BPF_ITER_NETNS_FAILED, doing + where + " to iterate " + program_, err);
    }
  } else {
    fd = bpf_iter_create(bpf_link__fd(link_));
    if (fd < 0) ThrowBpfError(env, Code::BPF_ITER_FAILED, "cannot create a BPF iterator for " + program_, errno, capture.Text());
  }
  std::vector<char> data;
  char chunk[16384];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      int err = errno;
      close(fd);
      ThrowBpfError(env, Code::BPF_ITER_FAILED, "reading the BPF iterator of " + program_ + " failed", err, capture.Text());
    }
    data.insert(data.end(), chunk, chunk + n);
  }
  close(fd);
  return Napi::Buffer<char>::Copy(env, data.data(), data.size());
}

}  // namespace gadgetry
