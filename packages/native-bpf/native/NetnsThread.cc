#include "NetnsThread.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

namespace gadgetry {

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
