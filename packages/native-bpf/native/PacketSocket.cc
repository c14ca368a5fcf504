#include "PacketSocket.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "Args.h"
#include "BpfError.h"
#include "NetnsThread.h"

namespace gadgetry {

namespace {

// Bytes before each packet's data in a record (see PacketSocket.ts):
// u64 timestamp (ns since boot), u32 length on the wire, u32 ifindex,
// u16 protocol (ETH_P_*, host order), u8 packet type (PACKET_HOST...), 5 pad.
constexpr uint32_t kHeader = 24;
// Upper bound on what one socket holds in user space between reads.
constexpr uint64_t kMaxSlotBytes = 16u << 20;
constexpr size_t kControl = CMSG_SPACE(sizeof(struct timespec));

uint64_t Now(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

// A packet socket that receives nothing yet (protocol 0): the filter comes first.
int OpenQuiet() { return socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0); }

}  // namespace

Napi::Function PacketSocket::Init(Napi::Env env) {
  return DefineClass(env, "PacketSocket",
                     {InstanceMethod("start", &PacketSocket::Start), InstanceMethod("consume", &PacketSocket::Consume),
                      InstanceMethod("pause", &PacketSocket::Pause), InstanceMethod("resume", &PacketSocket::Resume),
                      InstanceMethod("stats", &PacketSocket::Stats), InstanceMethod("close", &PacketSocket::Close),
                      InstanceAccessor("fd", &PacketSocket::Fd, nullptr),
                      InstanceAccessor("closed", &PacketSocket::Closed, nullptr)});
}

PacketSocket::PacketSocket(const Napi::CallbackInfo& info) : Napi::ObjectWrap<PacketSocket>(info) {
  Napi::Env env = info.Env();
  TagObject(env, info.This().As<Napi::Object>(), tags::kPacketSocket);
  Args args(info, "new PacketSocket(options)", 0, 1);
  Napi::Object options = args.Has(0) ? args.Object(0, "options") : Napi::Object::New(env);
  snapLen_ = static_cast<uint32_t>(args.IntegerField(options, "snapLen", 64, 65535, 2048));
  maxBatch_ = static_cast<uint32_t>(args.IntegerField(options, "maxBatch", 1, 4096, 256));
  int64_t bufferBytes = args.IntegerField(options, "bufferBytes", 0, INT32_MAX, 0);
  if (static_cast<uint64_t>(snapLen_) * maxBatch_ > kMaxSlotBytes) {
    throw Napi::RangeError::New(env, "new PacketSocket(options): options.snapLen times options.maxBatch must stay within 16 MiB");
  }
  NetnsChoice netns = ParseNetns(args, options, "new PacketSocket(options)");
  int err = 0;
  if (netns.given) {
    const char* stage = "";
    fd_ = RunInNetns(netns, OpenQuiet, &err, &stage);
    std::string where = NetnsName(netns);
    if (fd_ < 0 && strcmp(stage, "step") != 0) {
      const char* doing = strcmp(stage, "open") == 0 ? "cannot open network namespace " : "cannot enter network namespace ";
      ThrowBpfError(env, Code::PACKET_NETNS_FAILED, doing + where + " to open a packet socket there", err);
    }
    if (fd_ < 0) ThrowBpfError(env, Code::PACKET_SOCKET_FAILED, "cannot open a packet socket in network namespace " + where, err);
  } else {
    fd_ = OpenQuiet();
    if (fd_ < 0) ThrowBpfError(env, Code::PACKET_SOCKET_FAILED, "cannot open a packet socket", errno);
  }
  int on = 1;
  if (setsockopt(fd_, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0) {
    err = errno;
    Release();
    ThrowBpfError(env, Code::PACKET_SOCKET_FAILED, "cannot ask a packet socket for timestamps", err);
  }
  if (bufferBytes > 0) {
    int bytes = static_cast<int>(bufferBytes);
    // FORCE goes past net.core.rmem_max (we are root); the plain call is the fallback.
    if (setsockopt(fd_, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0 &&
        setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes) != 0) {
      err = errno;
      Release();
      ThrowBpfError(env, Code::PACKET_SOCKET_FAILED, "cannot set a packet socket's receive buffer", err);
    }
  }
  buffers_.resize(static_cast<size_t>(snapLen_) * maxBatch_);
  controls_.resize(kControl * maxBatch_);
  msgs_.resize(maxBatch_);
  iovs_.resize(maxBatch_);
  from_.resize(maxBatch_);
}

PacketSocket::~PacketSocket() { Release(); }

void PacketSocket::Release() {
  if (watch_) watch_->Stop();
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

void PacketSocket::RequireOpen(Napi::Env env) const {
  if (fd_ < 0) ThrowClosed(env, "the packet socket");
}

// start(onBatch(buffer, count)): receives every protocol on every interface
// of the namespace, as far as the attached filter lets packets through.
Napi::Value PacketSocket::Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "start(onBatch)", 1, 1, tags::kPacketSocket);
  Napi::Function onBatch = args.Function(0, "onBatch");
  RequireOpen(env);
  if (started_) throw Napi::Error::New(env, "start(onBatch): the packet socket is already started");
  struct sockaddr_ll addr = {};
  addr.sll_family = AF_PACKET;
  addr.sll_protocol = htons(ETH_P_ALL);
  addr.sll_ifindex = 0;
  if (bind(fd_, reinterpret_cast<struct sockaddr*>(&addr), sizeof addr) != 0)
    ThrowBpfError(env, Code::PACKET_SOCKET_FAILED, "cannot bind a packet socket to every interface", errno);
  delivery_.Bind(env, onBatch, "gadgetry:packets");
  watch_ = std::make_unique<FdWatch>(env, fd_, 0, [this, env]() { Drain(env, false); });
  started_ = true;
  return env.Undefined();
}

unsigned PacketSocket::ReadReady() {
  // recvmmsg rewrites the lengths it was given: every slot is set afresh
  for (uint32_t i = 0; i < maxBatch_; i++) {
    iovs_[i] = {buffers_.data() + static_cast<size_t>(i) * snapLen_, snapLen_};
    msgs_[i].msg_hdr = {};
    msgs_[i].msg_hdr.msg_name = &from_[i];
    msgs_[i].msg_hdr.msg_namelen = sizeof from_[i];
    msgs_[i].msg_hdr.msg_iov = &iovs_[i];
    msgs_[i].msg_hdr.msg_iovlen = 1;
    msgs_[i].msg_hdr.msg_control = controls_.data() + i * kControl;
    msgs_[i].msg_hdr.msg_controllen = kControl;
  }
  int n;
  do {
    n = recvmmsg(fd_, msgs_.data(), maxBatch_, MSG_DONTWAIT | MSG_TRUNC, nullptr);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return 0;
  // packet times are wall-clock; events count from boot
  uint64_t bootOffset = Now(CLOCK_REALTIME) - Now(CLOCK_BOOTTIME);
  uint64_t now = Now(CLOCK_BOOTTIME);
  for (int i = 0; i < n; i++) {
    struct msghdr& h = msgs_[i].msg_hdr;
    uint32_t wire = msgs_[i].msg_len;  // with MSG_TRUNC: the whole packet's length
    uint32_t got = wire < snapLen_ ? wire : snapLen_;
    if (wire > snapLen_) truncated_++;
    uint64_t ts = now;
    for (struct cmsghdr* c = CMSG_FIRSTHDR(&h); c; c = CMSG_NXTHDR(&h, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
        struct timespec t;
        memcpy(&t, CMSG_DATA(c), sizeof t);
        uint64_t real = static_cast<uint64_t>(t.tv_sec) * 1000000000ull + static_cast<uint64_t>(t.tv_nsec);
        if (real > bootOffset) ts = real - bootOffset;
      }
    }
    record_.resize(kHeader + got);
    uint8_t* r = record_.data();
    memset(r, 0, kHeader);
    uint32_t ifindex = static_cast<uint32_t>(from_[i].sll_ifindex);
    uint16_t protocol = ntohs(from_[i].sll_protocol);
    memcpy(r, &ts, 8);
    memcpy(r + 8, &wire, 4);
    memcpy(r + 12, &ifindex, 4);
    memcpy(r + 16, &protocol, 2);
    r[18] = from_[i].sll_pkttype;
    memcpy(r + kHeader, buffers_.data() + static_cast<size_t>(i) * snapLen_, got);
    batch_.Add(r, kHeader + got, 0);
  }
  received_ += static_cast<uint64_t>(n);
  return static_cast<unsigned>(n);
}

// As the ring buffer readers do (BatchDelivery.h).
void PacketSocket::Drain(Napi::Env env, bool sync) {
  delivery_.Drain(
      env, sync, batch_, maxBatch_, [this, sync]() { return fd_ >= 0 && (sync || !watch_->Paused()); }, [this]() { ReadReady(); });
}

Napi::Value PacketSocket::Consume(const Napi::CallbackInfo& info) {
  Args(info, "consume()", 0, 0, tags::kPacketSocket);
  RequireOpen(info.Env());
  if (started_) Drain(info.Env(), true);
  return info.Env().Undefined();
}

Napi::Value PacketSocket::Pause(const Napi::CallbackInfo& info) {
  Args(info, "pause()", 0, 0, tags::kPacketSocket);
  RequireOpen(info.Env());
  if (watch_) watch_->Pause();
  return info.Env().Undefined();
}

Napi::Value PacketSocket::Resume(const Napi::CallbackInfo& info) {
  Args(info, "resume()", 0, 0, tags::kPacketSocket);
  RequireOpen(info.Env());
  if (watch_) {
    int err = watch_->Resume();
    if (err != 0) ThrowBpfError(info.Env(), Code::UV_POLL_FAILED, std::string("cannot resume watching the packet socket: ") + uv_strerror(err), 0);
  }
  return info.Env().Undefined();
}

// The kernel's counters restart at every read: they are added up here.
void PacketSocket::ReadKernelStats() {
  if (fd_ < 0) return;
  struct tpacket_stats st = {};
  socklen_t len = sizeof st;
  if (getsockopt(fd_, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0) drops_ += st.tp_drops;
}

// stats(): { received, drops, truncated } since the socket was opened.
Napi::Value PacketSocket::Stats(const Napi::CallbackInfo& info) {
  Args(info, "stats()", 0, 0, tags::kPacketSocket);
  ReadKernelStats();
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("received", Napi::Number::New(info.Env(), static_cast<double>(received_)));
  out.Set("drops", Napi::Number::New(info.Env(), static_cast<double>(drops_)));
  out.Set("truncated", Napi::Number::New(info.Env(), static_cast<double>(truncated_)));
  return out;
}

Napi::Value PacketSocket::Close(const Napi::CallbackInfo& info) {
  Args(info, "close()", 0, 0, tags::kPacketSocket);
  ReadKernelStats();
  Release();
  return info.Env().Undefined();
}

Napi::Value PacketSocket::Fd(const Napi::CallbackInfo& info) {
  Args(info, "fd", 0, 0, tags::kPacketSocket);
  return Napi::Number::New(info.Env(), fd_);
}

Napi::Value PacketSocket::Closed(const Napi::CallbackInfo& info) {
  Args(info, "closed", 0, 0, tags::kPacketSocket);
  return Napi::Boolean::New(info.Env(), fd_ < 0);
}

}  // namespace gadgetry
