// The smallest program of a kind (`r0 = 0; exit`), loaded to learn whether
// the kernel takes programs of that kind, and the record of how far a probe
// got with it: loaded, attached, or where it stopped and why.
#pragma once
#include <linux/bpf.h>
#include <unistd.h>

#include <string>

struct perf_event_attr;

namespace gadgetry {

struct Outcome {
  bool loaded = false;
  bool attached = false;
  // "load", "attach", or "interface" (the kernel lacks what attaching needs:
  // a PMU, tracefs, a name in its BTF); empty when attached.
  std::string stage;
  int err = 0;
  std::string detail;
};

// An fd closed when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// An integer read from a file (a PMU's type, a tracepoint's id), or -1.
int ReadInt(const std::string& path);

// Loads the minimal program as `type`; on failure records it in `o` and returns -1.
int LoadMinimal(Outcome& o, enum bpf_prog_type type, enum bpf_attach_type attach = static_cast<enum bpf_attach_type>(0),
                __u32 btfId = 0);

// Records how an attach ended; errno tells why when it failed.
void Attached(Outcome& o, bool ok);
// The same for an attach that made a link fd (released at once) or -1.
void AttachedLink(Outcome& o, int link);
// The kernel lacks what attaching needs.
void Interface(Outcome& o, int err, const std::string& detail);

int PerfOpen(struct perf_event_attr* attr, int pid, int cpu);
// Attaches the program to a perf event just opened (or records why it could not be opened).
void AttachToPerfEvent(Outcome& o, int prog, int perf);

}  // namespace gadgetry
