// A packet socket (AF_PACKET, cooked: each packet starts at its network
// header) opened inside a chosen network namespace, read in batches on Node's
// event loop. It receives nothing until start(): a socket filter attached
// before then decides from the first packet on what is kept and how much of
// it. Reading is bounded (at most maxBatch packets of at most snapLen bytes
// per call into JavaScript); what the socket's receive buffer could not hold
// is counted by the kernel and reported by stats().
#pragma once
#include <napi.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "BatchDelivery.h"
#include "FdWatch.h"
#include "RecordBatch.h"

namespace gadgetry {

class PacketSocket : public Napi::ObjectWrap<PacketSocket> {
 public:
  static Napi::Function Init(Napi::Env env);
  // new PacketSocket({ netns?, snapLen?, maxBatch?, bufferBytes? })
  explicit PacketSocket(const Napi::CallbackInfo& info);
  ~PacketSocket() override;

 private:
  Napi::Value Start(const Napi::CallbackInfo& info);
  Napi::Value Consume(const Napi::CallbackInfo& info);
  Napi::Value Pause(const Napi::CallbackInfo& info);
  Napi::Value Resume(const Napi::CallbackInfo& info);
  Napi::Value Stats(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value Fd(const Napi::CallbackInfo& info);
  Napi::Value Closed(const Napi::CallbackInfo& info);

  void RequireOpen(Napi::Env env) const;
  void Drain(Napi::Env env, bool sync);
  // Reads what is queued into batch_, at most maxBatch_ packets; returns how many.
  unsigned ReadReady();
  void ReadKernelStats();
  void Release();

  int fd_ = -1;
  bool started_ = false;
  uint32_t snapLen_ = 0;
  uint32_t maxBatch_ = 0;
  std::vector<uint8_t> buffers_;  // maxBatch_ slots of snapLen_ bytes
  std::vector<uint8_t> controls_; // one cmsg area per slot (the packet's timestamp)
  std::vector<struct mmsghdr> msgs_;
  std::vector<struct iovec> iovs_;
  std::vector<struct sockaddr_ll> from_;
  std::vector<uint8_t> record_;
  RecordBatch batch_;
  uint64_t received_ = 0;
  uint64_t truncated_ = 0;
  uint64_t drops_ = 0;
  std::unique_ptr<FdWatch> watch_;
  BatchDelivery delivery_;
};

}  // namespace gadgetry
