// Puts a map in a slot of a map of maps on Node's thread pool. The kernel
// waits, before the update returns, until no BPF program still runs with the
// map that was in the slot (an RCU grace period, milliseconds): afterwards
// nothing writes to that map any more, so user space can read and clear it
// without racing a program. The worker holds its own duplicates of both fds,
// so closing the collection meanwhile cannot hand it someone else's fd.
#pragma once
#include <napi.h>

#include <cstdint>
#include <string>

namespace gadgetry {

class InnerMapSwap : public Napi::AsyncWorker {
 public:
  static Napi::Promise Start(Napi::Env env, const std::string& outerName, int outerFd, int innerFd, uint32_t slot);
  ~InnerMapSwap() override;

 private:
  InnerMapSwap(Napi::Env env, std::string outerName, int outerFd, int innerFd, uint32_t slot);
  void Execute() override;
  void OnOK() override;

  std::string outerName_;
  int outerFd_;
  int innerFd_;
  uint32_t slot_;
  int err_ = 0;
  Napi::Promise::Deferred deferred_;
};

}  // namespace gadgetry
