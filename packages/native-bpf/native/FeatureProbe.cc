#include "FeatureProbe.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "Args.h"
#include "LibbpfLog.h"

namespace gadgetry {

namespace {

// Helper names as the kernel's UAPI header lists them, without the "bpf_" prefix.
const std::unordered_map<std::string, int>& HelperIds() {
  static const auto* ids = [] {
    auto* m = new std::unordered_map<std::string, int>();
// Older UAPI headers put the commas in the list; newer ones (with ids) leave them to FN.
#ifdef ___BPF_FUNC_MAPPER
#define GADGETRY_HELPER_NAME(x, ...) #x,
#else
#define GADGETRY_HELPER_NAME(x) #x
#endif
    static const char* const names[] = {__BPF_FUNC_MAPPER(GADGETRY_HELPER_NAME)};
#undef GADGETRY_HELPER_NAME
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) (*m)[names[i]] = static_cast<int>(i);
    return m;
  }();
  return *ids;
}

// Names libbpf has for each value of an enum, up to the first it does not know.
template <typename Name>
Napi::Array EnumNames(Napi::Env env, Name name) {
  Napi::Array out = Napi::Array::New(env);
  uint32_t n = 0;
  for (int id = 1; id < 4096; id++) {
    const char* s = name(id);
    if (!s) break;
    Napi::Object o = Napi::Object::New(env);
    o.Set("id", Napi::Number::New(env, id));
    o.Set("name", Napi::String::New(env, s));
    out.Set(n++, o);
  }
  return out;
}

// libbpf 1.1 reads a refused helper from the verifier's "unknown func" (older
// kernels); newer ones say "program of this type cannot use helper", which it
// takes for support. Asks the verifier once more and reads both wordings.
bool VerifierRefusesHelper(enum bpf_prog_type type, int helper) {
  struct bpf_insn insns[2];
  memset(insns, 0, sizeof insns);
  insns[0].code = BPF_JMP | BPF_CALL;
  insns[0].imm = helper;
  insns[1].code = BPF_JMP | BPF_EXIT;
  char log[4096] = "";
  LIBBPF_OPTS(bpf_prog_load_opts, opts);
  opts.log_buf = log;
  opts.log_size = sizeof log;
  opts.log_level = 1;
  int fd = bpf_prog_load(type, nullptr, "GPL", insns, 2, &opts);
  if (fd >= 0) {
    close(fd);
    return false;
  }
  return strstr(log, "cannot use helper") || strstr(log, "unknown func ") || strstr(log, "invalid func ");
}

int BtfKind(const std::string& kind) {
  if (kind == "func") return BTF_KIND_FUNC;
  if (kind == "typedef") return BTF_KIND_TYPEDEF;
  if (kind == "struct") return BTF_KIND_STRUCT;
  if (kind == "enum") return BTF_KIND_ENUM;
  return -1;
}

}  // namespace

void FeatureProbe::Register(Napi::Env env, Napi::Object exports) {
  exports.Set("programTypes", Napi::Function::New(env, &FeatureProbe::ProgramTypes));
  exports.Set("mapTypes", Napi::Function::New(env, &FeatureProbe::MapTypes));
  exports.Set("probeProgramType", Napi::Function::New(env, &FeatureProbe::ProbeProgramType));
  exports.Set("probeMapType", Napi::Function::New(env, &FeatureProbe::ProbeMapType));
  exports.Set("probeHelper", Napi::Function::New(env, &FeatureProbe::ProbeHelper));
  exports.Set("btfHas", Napi::Function::New(env, &FeatureProbe::BtfHas));
}

// programTypes() -> [{ id, name }]: every program type this libbpf can name.
Napi::Value FeatureProbe::ProgramTypes(const Napi::CallbackInfo& info) {
  Args(info, "programTypes()", 0, 0);
  return EnumNames(info.Env(), [](int id) { return libbpf_bpf_prog_type_str(static_cast<enum bpf_prog_type>(id)); });
}

// mapTypes() -> [{ id, name }]
Napi::Value FeatureProbe::MapTypes(const Napi::CallbackInfo& info) {
  Args(info, "mapTypes()", 0, 0);
  return EnumNames(info.Env(), [](int id) { return libbpf_bpf_map_type_str(static_cast<enum bpf_map_type>(id)); });
}

// probeProgramType(id) -> 1 supported, 0 not, negative errno when the probe itself failed.
Napi::Value FeatureProbe::ProbeProgramType(const Napi::CallbackInfo& info) {
  Args args(info, "probeProgramType(type)", 1, 1);
  auto type = static_cast<enum bpf_prog_type>(args.Integer(0, "type", 1, 4095));
  LibbpfLogCapture quiet;
  return Napi::Number::New(info.Env(), libbpf_probe_bpf_prog_type(type, nullptr));
}

// probeMapType(id) -> 1, 0 or a negative errno, as probeProgramType.
Napi::Value FeatureProbe::ProbeMapType(const Napi::CallbackInfo& info) {
  Args args(info, "probeMapType(type)", 1, 1);
  auto type = static_cast<enum bpf_map_type>(args.Integer(0, "type", 1, 4095));
  LibbpfLogCapture quiet;
  return Napi::Number::New(info.Env(), libbpf_probe_bpf_map_type(type, nullptr));
}

// probeHelper(programType, helper) -> 1, 0 or a negative errno; `helper` is
// a name such as "ringbuf_output" (a leading "bpf_" is allowed).
Napi::Value FeatureProbe::ProbeHelper(const Napi::CallbackInfo& info) {
  Args args(info, "probeHelper(programType, helper)", 2, 2);
  auto type = static_cast<enum bpf_prog_type>(args.Integer(0, "programType", 1, 4095));
  std::string name = args.String(1, "helper");
  std::string bare = name.rfind("bpf_", 0) == 0 ? name.substr(4) : name;
  auto it = HelperIds().find(bare);
  if (it == HelperIds().end() || it->second == 0)
    throw Napi::RangeError::New(info.Env(), "probeHelper(programType, helper): unknown helper " + name.substr(0, 64));
  LibbpfLogCapture quiet;
  int supported = libbpf_probe_bpf_helper(type, static_cast<enum bpf_func_id>(it->second), nullptr);
  if (supported == 1 && VerifierRefusesHelper(type, it->second)) supported = 0;
  return Napi::Number::New(info.Env(), supported);
}

// btfHas(["func:vfs_read", "typedef:btf_trace_sched_switch", ...]) -> [bool]
// from the kernel's BTF, or null when the kernel has none to read.
Napi::Value FeatureProbe::BtfHas(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "btfHas(names)", 1, 1);
  if (!info[0].IsArray()) args.TypeFail("argument 1 (names)", "an array of \"kind:name\" strings", info[0]);
  Napi::Array names = info[0].As<Napi::Array>();
  std::vector<std::pair<int, std::string>> queries;
  for (uint32_t i = 0; i < names.Length(); i++) {
    Napi::Value v = names.Get(i);
    std::string q = v.IsString() ? v.As<Napi::String>().Utf8Value() : "";
    size_t colon = q.find(':');
    int kind = colon == std::string::npos ? -1 : BtfKind(q.substr(0, colon));
    if (kind < 0) args.TypeFail("element " + std::to_string(i) + " of argument 1 (names)", "\"func:\", \"typedef:\", \"struct:\" or \"enum:\" and a name", v);
    queries.emplace_back(kind, q.substr(colon + 1));
  }
  LibbpfLogCapture quiet;
  struct btf* vmlinux = btf__load_vmlinux_btf();
  if (!vmlinux) return env.Null();
  Napi::Array out = Napi::Array::New(env, queries.size());
  for (uint32_t i = 0; i < queries.size(); i++)
    out.Set(i, Napi::Boolean::New(env, btf__find_by_name_kind(vmlinux, queries[i].second.c_str(), queries[i].first) > 0));
  btf__free(vmlinux);
  return out;
}

}  // namespace gadgetry
