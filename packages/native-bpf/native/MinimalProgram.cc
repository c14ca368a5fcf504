#include "MinimalProgram.h"

#include <bpf/bpf.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace gadgetry {

namespace {

__u32 KernelVersionCode() {
  struct utsname u;
  unsigned a = 0, b = 0, c = 0;
  if (uname(&u) != 0 || sscanf(u.release, "%u.%u.%u", &a, &b, &c) < 2) return 0;
  return (a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

// The last line of a verifier log that says something, cut short.
std::string LastLine(const char* log) {
  std::string text(log);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  size_t nl = text.rfind('\n');
  std::string line = nl == std::string::npos ? text : text.substr(nl + 1);
  return line.size() > 160 ? line.substr(0, 160) + "..." : line;
}

}  // namespace

int ReadInt(const std::string& path) {
  std::ifstream in(path);
  int v = -1;
  if (!(in >> v)) return -1;
  return v;
}

int LoadMinimal(Outcome& o, enum bpf_prog_type type, enum bpf_attach_type attach, __u32 btfId) {
  struct bpf_insn insns[2];
  memset(insns, 0, sizeof insns);
  insns[0].code = BPF_ALU64 | BPF_MOV | BPF_K;
  insns[0].dst_reg = BPF_REG_0;
  insns[1].code = BPF_JMP | BPF_EXIT;
  char log[4096] = "";
  LIBBPF_OPTS(bpf_prog_load_opts, opts);
  opts.expected_attach_type = attach;
  opts.attach_btf_id = btfId;
  opts.log_buf = log;
  opts.log_size = sizeof log;
  if (type == BPF_PROG_TYPE_KPROBE) opts.kern_version = KernelVersionCode();
  int fd = bpf_prog_load(type, "gadgetry_probe", "GPL", insns, 2, &opts);
  if (fd < 0) {
    o.stage = "load";
    o.err = errno;
    o.detail = LastLine(log);
    return -1;
  }
  o.loaded = true;
  return fd;
}

void Attached(Outcome& o, bool ok) {
  if (ok) {
    o.attached = true;
    return;
  }
  o.stage = "attach";
  o.err = errno;
}

void AttachedLink(Outcome& o, int link) {
  Attached(o, link >= 0);
  if (link >= 0) close(link);
}

void Interface(Outcome& o, int err, const std::string& detail) {
  o.stage = "interface";
  o.err = err;
  o.detail = detail;
}

int PerfOpen(struct perf_event_attr* attr, int pid, int cpu) {
  attr->size = sizeof *attr;
  return static_cast<int>(syscall(__NR_perf_event_open, attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC));
}

void AttachToPerfEvent(Outcome& o, int prog, int perf) {
  if (perf < 0) {
    o.stage = "attach";
    o.err = errno;
    return;
  }
  Fd event(perf);
  Attached(o, ioctl(perf, PERF_EVENT_IOC_SET_BPF, prog) == 0);
}

}  // namespace gadgetry
