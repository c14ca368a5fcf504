#include "AttachProbe.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/perf_event.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "Args.h"
#include "LibbpfLog.h"
#include "MinimalProgram.h"

// A function of this addon for the uprobe probe to attach to: its first
// instruction is a real instruction boundary in a file this process maps.
extern "C" __attribute__((noinline, used)) void gadgetry_uprobe_probe_target() { asm volatile(""); }

namespace gadgetry {

namespace {

Outcome Kprobe() {
  Outcome o;
  Fd prog(LoadMinimal(o, BPF_PROG_TYPE_KPROBE));
  if (prog.get() < 0) return o;
  int pmu = ReadInt("/sys/bus/event_source/devices/kprobe/type");
  if (pmu < 0) {
    Interface(o, ENOENT, "no kprobe PMU");
    return o;
  }
  struct perf_event_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.type = static_cast<__u32>(pmu);
  attr.config1 = reinterpret_cast<uintptr_t>("vfs_read");
  AttachToPerfEvent(o, prog.get(), PerfOpen(&attr, -1, 0));
  return o;
}

// Where this addon's probe target is in the file it was mapped from.
bool OwnCodeOffset(std::string* path, uint64_t* offset) {
  auto addr = reinterpret_cast<uintptr_t>(&gadgetry_uprobe_probe_target);
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    uintptr_t start = 0, end = 0;
    unsigned long long fileOffset = 0;
    char perms[8] = "";
    int pathAt = 0;
    if (sscanf(line.c_str(), "%" SCNxPTR "-%" SCNxPTR " %7s %llx %*s %*s %n", &start, &end, perms, &fileOffset, &pathAt) < 4) continue;
    if (addr < start || addr >= end || pathAt <= 0 || line[static_cast<size_t>(pathAt)] != '/') continue;
    *path = line.substr(static_cast<size_t>(pathAt));
    *offset = addr - start + fileOffset;
    return true;
  }
  return false;
}

Outcome Uprobe() {
  Outcome o;
  Fd prog(LoadMinimal(o, BPF_PROG_TYPE_KPROBE));
  if (prog.get() < 0) return o;
  int pmu = ReadInt("/sys/bus/event_source/devices/uprobe/type");
  std::string path;
  uint64_t offset = 0;
  if (pmu < 0) {
    Interface(o, ENOENT, "no uprobe PMU");
    return o;
  }
  if (!OwnCodeOffset(&path, &offset)) {
    Interface(o, ENOENT, "cannot tell: the addon's own code is not in /proc/self/maps");
    return o;
  }
  static const std::string kReplaced = " (deleted)";
  if (path.size() > kReplaced.size() && path.compare(path.size() - kReplaced.size(), kReplaced.size(), kReplaced) == 0) {
    Interface(o, ENOENT, "cannot tell: the addon's file was replaced since this process loaded it");
    return o;
  }
  struct perf_event_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.type = static_cast<__u32>(pmu);
  attr.config1 = reinterpret_cast<uintptr_t>(path.c_str());
  attr.config2 = offset;
  AttachToPerfEvent(o, prog.get(), PerfOpen(&attr, getpid(), -1));
  return o;
}

Outcome Tracepoint(const std::string& tracefs) {
  Outcome o;
  Fd prog(LoadMinimal(o, BPF_PROG_TYPE_TRACEPOINT));
  if (prog.get() < 0) return o;
  if (tracefs.empty()) {
    Interface(o, ENOENT, "tracefs is not mounted");
    return o;
  }
  int id = ReadInt(tracefs + "/events/sched/sched_switch/id");
  if (id < 0) {
    Interface(o, ENOENT, "no sched/sched_switch tracepoint in " + tracefs);
    return o;
  }
  struct perf_event_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.type = PERF_TYPE_TRACEPOINT;
  attr.config = static_cast<__u64>(id);
  attr.sample_period = 1;
  AttachToPerfEvent(o, prog.get(), PerfOpen(&attr, -1, 0));
  return o;
}

Outcome RawTracepoint() {
  Outcome o;
  Fd prog(LoadMinimal(o, BPF_PROG_TYPE_RAW_TRACEPOINT));
  if (prog.get() >= 0) AttachedLink(o, bpf_raw_tracepoint_open("sched_switch", prog.get()));
  return o;
}

// A program that names its target by a BTF id of the kernel: tp_btf, fentry, lsm, iter.
Outcome Tracing(struct btf* vmlinux, enum bpf_prog_type type, enum bpf_attach_type attach, const char* target, int kind) {
  Outcome o;
  if (!vmlinux) {
    Interface(o, ENOENT, "the kernel has no BTF");
    return o;
  }
  int id = btf__find_by_name_kind(vmlinux, target, kind);
  if (id <= 0) {
    Interface(o, ENOENT, std::string("no ") + target + " in the kernel's BTF");
    return o;
  }
  Fd prog(LoadMinimal(o, type, attach, static_cast<__u32>(id)));
  if (prog.get() < 0) return o;
  if (attach == BPF_TRACE_ITER) {
    AttachedLink(o, bpf_link_create(prog.get(), 0, BPF_TRACE_ITER, nullptr));
  } else {
    AttachedLink(o, bpf_raw_tracepoint_open(nullptr, prog.get()));
  }
  return o;
}

Outcome PerfEvent() {
  Outcome o;
  Fd prog(LoadMinimal(o, BPF_PROG_TYPE_PERF_EVENT));
  if (prog.get() < 0) return o;
  struct perf_event_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_CPU_CLOCK;
  attr.sample_period = 1000000000;
  attr.disabled = 1;
  AttachToPerfEvent(o, prog.get(), PerfOpen(&attr, 0, -1));
  return o;
}

Outcome SocketFilter() {
  Outcome o;
  Fd prog(LoadMinimal(o, BPF_PROG_TYPE_SOCKET_FILTER));
  if (prog.get() < 0) return o;
  Fd sock(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (sock.get() < 0) {
    Interface(o, errno, "cannot open a socket to attach to");
    return o;
  }
  int fd = prog.get();
  Attached(o, setsockopt(sock.get(), SOL_SOCKET, SO_ATTACH_BPF, &fd, sizeof fd) == 0);
  return o;
}

}  // namespace

void AttachProbe::Register(Napi::Env env, Napi::Object exports) {
  exports.Set("probeAttach", Napi::Function::New(env, &AttachProbe::ProbeAttach));
}

// probeAttach(kinds, tracefs) -> [{ kind, loaded, attached, stage, errno, detail }]
// kinds: kprobe, uprobe, tracepoint, raw_tracepoint, tp_btf, fentry, lsm,
// iter, perf_event, socket_filter. `tracefs` is where tracefs is mounted, or
// "" when it is not.
Napi::Value AttachProbe::ProbeAttach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "probeAttach(kinds, tracefs)", 2, 2);
  if (!info[0].IsArray()) args.TypeFail("argument 1 (kinds)", "an array of strings", info[0]);
  std::string tracefs = args.String(1, "tracefs");
  Napi::Array kinds = info[0].As<Napi::Array>();
  LibbpfLogCapture quiet;
  struct btf* vmlinux = nullptr;
  bool btfLoaded = false;
  auto btf = [&]() {
    if (!btfLoaded) vmlinux = btf__load_vmlinux_btf();
    btfLoaded = true;
    return vmlinux;
  };
  Napi::Array out = Napi::Array::New(env, kinds.Length());
  for (uint32_t i = 0; i < kinds.Length(); i++) {
    Napi::Value v = kinds.Get(i);
    std::string kind = v.IsString() ? v.As<Napi::String>().Utf8Value() : "";
    Outcome o;
    if (kind == "kprobe") o = Kprobe();
    else if (kind == "uprobe") o = Uprobe();
    else if (kind == "tracepoint") o = Tracepoint(tracefs);
    else if (kind == "raw_tracepoint") o = RawTracepoint();
    else if (kind == "tp_btf") o = Tracing(btf(), BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, "btf_trace_sched_switch", BTF_KIND_TYPEDEF);
    else if (kind == "fentry") o = Tracing(btf(), BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, "vfs_read", BTF_KIND_FUNC);
    else if (kind == "lsm") o = Tracing(btf(), BPF_PROG_TYPE_LSM, BPF_LSM_MAC, "bpf_lsm_file_open", BTF_KIND_FUNC);
    else if (kind == "iter") o = Tracing(btf(), BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, "bpf_iter_task", BTF_KIND_FUNC);
    else if (kind == "perf_event") o = PerfEvent();
    else if (kind == "socket_filter") o = SocketFilter();
    else {
      btf__free(vmlinux);
      args.TypeFail("element " + std::to_string(i) + " of argument 1 (kinds)", "a known kind of program", v);
    }
    Napi::Object r = Napi::Object::New(env);
    r.Set("kind", kind);
    r.Set("loaded", o.loaded);
    r.Set("attached", o.attached);
    r.Set("stage", o.stage);
    r.Set("errno", o.err);
    r.Set("detail", o.detail);
    out.Set(i, r);
  }
  btf__free(vmlinux);
  return out;
}

}  // namespace gadgetry
