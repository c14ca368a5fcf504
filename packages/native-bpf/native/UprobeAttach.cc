#include "UprobeAttach.h"

#include <bpf/libbpf.h>
#include <signal.h>
#include <sys/stat.h>

#include <cerrno>
#include <climits>

#include "BpfError.h"
#include "LibbpfLog.h"

namespace gadgetry {

namespace {

[[noreturn]] void BadOption(Napi::Env env, const std::string& what) {
  throw Napi::TypeError::New(env, "attachUprobe(program, options): " + what);
}

std::string StringOption(Napi::Env env, Napi::Object o, const char* field, bool required) {
  Napi::Value v = o.Get(field);
  if (v.IsUndefined() && !required) return "";
  if (!v.IsString()) BadOption(env, std::string("options.") + field + " must be a string");
  std::string s = v.As<Napi::String>().Utf8Value();
  if (s.find('\0') != std::string::npos) BadOption(env, std::string("options.") + field + " must not contain a NUL character");
  return s;
}

int64_t IntegerOption(Napi::Env env, Napi::Object o, const char* field, int64_t lo, int64_t hi, int64_t fallback) {
  Napi::Value v = o.Get(field);
  if (v.IsUndefined()) return fallback;
  if (!v.IsNumber()) BadOption(env, std::string("options.") + field + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (d != static_cast<double>(static_cast<int64_t>(d)) || d < static_cast<double>(lo) || d > static_cast<double>(hi)) {
    throw Napi::RangeError::New(env, std::string("attachUprobe(program, options): options.") + field + " must be an integer from " +
                                         std::to_string(lo) + " to " + std::to_string(hi));
  }
  return static_cast<int64_t>(d);
}

}  // namespace

UprobeTarget ParseUprobeTarget(Napi::Env env, Napi::Object o) {
  UprobeTarget t;
  t.binary = StringOption(env, o, "binary", true);
  if (t.binary.empty() || t.binary[0] != '/') BadOption(env, "options.binary must be an absolute path");
  t.symbol = StringOption(env, o, "symbol", false);
  t.offset = static_cast<uint64_t>(IntegerOption(env, o, "offset", 0, INT64_MAX, 0));
  t.pid = static_cast<int>(IntegerOption(env, o, "pid", -1, INT32_MAX, -1));
  Napi::Value r = o.Get("retprobe");
  if (!r.IsUndefined() && !r.IsBoolean()) BadOption(env, "options.retprobe must be a boolean");
  t.retprobe = r.IsBoolean() && r.As<Napi::Boolean>().Value();
  if (t.symbol.empty() && t.offset == 0) BadOption(env, "give options.symbol or a non-zero options.offset");
  return t;
}

struct bpf_link* AttachUprobe(Napi::Env env, struct bpf_program* prog, const std::string& name, const UprobeTarget& t) {
  // Checked here so each mistake gets its own line: libbpf answers ENOENT to several.
  struct stat st;
  if (stat(t.binary.c_str(), &st) != 0) {
    int err = errno;
    if (err == ENOENT || err == ENOTDIR) {
      ThrowBpfError(env, Code::UPROBE_BINARY_NOT_FOUND, "cannot attach " + name + ": binary " + t.binary + " does not exist", 0);
    }
    ThrowBpfError(env, Code::UPROBE_BINARY_NOT_FOUND, "cannot attach " + name + ": cannot read binary " + t.binary, err);
  }
  if (!S_ISREG(st.st_mode)) {
    ThrowBpfError(env, Code::UPROBE_BINARY_NOT_FOUND, "cannot attach " + name + ": " + t.binary + " is not a regular file", EINVAL);
  }
  if (t.pid > 0 && kill(t.pid, 0) != 0 && errno == ESRCH) {
    ThrowBpfError(env, Code::UPROBE_PID_NOT_FOUND, "cannot attach " + name + ": no process has pid " + std::to_string(t.pid), 0);
  }
  LIBBPF_OPTS(bpf_uprobe_opts, opts);
  opts.retprobe = t.retprobe;
  if (!t.symbol.empty()) opts.func_name = t.symbol.c_str();
  LibbpfLogCapture capture;
  struct bpf_link* link = bpf_program__attach_uprobe_opts(prog, t.pid, t.binary.c_str(), static_cast<size_t>(t.offset), &opts);
  if (link) return link;
  int err = errno;
  std::string log = capture.Text();
  std::string where = t.symbol.empty() ? "offset " + std::to_string(t.offset) + " of " + t.binary : t.symbol + " in " + t.binary;
  if (!t.symbol.empty() && err == ENOENT) {
    // errno says nothing more here (libbpf answers ENOENT): left out of the message
    ThrowBpfError(env, Code::UPROBE_SYMBOL_NOT_FOUND, "cannot attach " + name + ": " + t.binary + " has no function named " + t.symbol, 0, log);
  }
  if (!t.symbol.empty() && log.find("ambiguous match") != std::string::npos) {
    // libbpf 1.1 also counts a binary's undefined reference to a function it imports
    ThrowBpfError(env, Code::UPROBE_SYMBOL_NOT_FOUND,
                  "cannot attach " + name + ": " + t.binary + " has several symbols named " + t.symbol +
                      " (or only imports it from a library): probe the library that defines it, or give the function's offset",
                  0, log);
  }
  if (err == ESRCH) {
    ThrowBpfError(env, Code::UPROBE_PID_NOT_FOUND, "cannot attach " + name + " to " + where + ": no process has pid " + std::to_string(t.pid), err, log);
  }
  ThrowBpfError(env, Code::BPF_ATTACH_FAILED, "cannot attach " + name + " (" + bpf_program__section_name(prog) + ") to " + where, err, log);
}

}  // namespace gadgetry
