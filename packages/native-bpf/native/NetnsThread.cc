#include "NetnsThread.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <thread>

namespace gadgetry {

NetnsChoice ParseNetns(const Args& args, Napi::Object options, const char* call) {
  NetnsChoice out;
  Napi::Value v = options.Get("netns");
  if (v.IsUndefined()) return out;
  out.given = true;
  if (v.IsString()) {
    out.path = v.As<Napi::String>().Utf8Value();
    if (out.path.empty() || out.path.find('\0') != std::string::npos)
      throw Napi::TypeError::New(options.Env(), std::string(call) + ": options.netns must be a namespace file path or an fd");
  } else {
    out.fd = static_cast<int>(args.IntegerField(options, "netns", 0, INT32_MAX, -1));
  }
  return out;
}

std::string NetnsName(const NetnsChoice& netns) { return netns.fd >= 0 ? "fd " + std::to_string(netns.fd) : netns.path; }

int RunInNetns(const NetnsChoice& netns, const std::function<int()>& step, int* err, const char** stage) {
  int result = -1;
  *err = 0;
  *stage = "";
  std::thread worker([&]() {
    int ns = netns.fd;
    bool opened = false;
    if (ns < 0) {
      ns = open(netns.path.c_str(), O_RDONLY | O_CLOEXEC);
      if (ns < 0) {
        *err = errno;
        *stage = "open";
        return;
      }
      opened = true;
    }
    if (setns(ns, CLONE_NEWNET) != 0) {
      *err = errno;
      *stage = "enter";
    } else {
      result = step();
      if (result < 0) {
        *err = errno;
        *stage = "step";
      }
    }
    if (opened) close(ns);
  });
  worker.join();
  return result;
}

}  // namespace gadgetry
