#include "InnerMapSwap.h"

#include <bpf/bpf.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "BpfError.h"

namespace gadgetry {

Napi::Promise InnerMapSwap::Start(Napi::Env env, const std::string& outerName, int outerFd, int innerFd, uint32_t slot) {
  int outer = fcntl(outerFd, F_DUPFD_CLOEXEC, 3);
  if (outer < 0) ThrowBpfError(env, Code::BPF_MAP_UPDATE_FAILED, "cannot swap the inner map of " + outerName, errno);
  int inner = fcntl(innerFd, F_DUPFD_CLOEXEC, 3);
  if (inner < 0) {
    int err = errno;
    close(outer);
    ThrowBpfError(env, Code::BPF_MAP_UPDATE_FAILED, "cannot swap the inner map of " + outerName, err);
  }
  auto* work = new InnerMapSwap(env, outerName, outer, inner, slot);
  Napi::Promise promise = work->deferred_.Promise();
  work->Queue();
  return promise;
}

InnerMapSwap::InnerMapSwap(Napi::Env env, std::string outerName, int outerFd, int innerFd, uint32_t slot)
    : Napi::AsyncWorker(env, "gadgetry:swap"),
      outerName_(std::move(outerName)),
      outerFd_(outerFd),
      innerFd_(innerFd),
      slot_(slot),
      deferred_(Napi::Promise::Deferred::New(env)) {}

InnerMapSwap::~InnerMapSwap() {
  close(outerFd_);
  close(innerFd_);
}

// On a thread-pool thread: one bpf() call on fds only this worker holds.
void InnerMapSwap::Execute() {
  __u32 value = static_cast<__u32>(innerFd_);
  if (bpf_map_update_elem(outerFd_, &slot_, &value, BPF_ANY) != 0) err_ = errno;
}

void InnerMapSwap::OnOK() {
  Napi::Env env = Env();
  if (!err_) {
    deferred_.Resolve(env.Undefined());
    return;
  }
  deferred_.Reject(BpfErrorValue(env, Code::BPF_MAP_UPDATE_FAILED, "cannot swap the inner map of " + outerName_, err_, "").Value());
}

}  // namespace gadgetry
