#include "BpfObject.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/perf_event.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "BpfError.h"
#include "BpfLink.h"
#include "BtfLayout.h"

namespace gadgetry {

Napi::Function BpfObject::Init(Napi::Env env) {
  return DefineClass(env, "BpfObject",
                     {InstanceMethod("globals", &BpfObject::Globals),
                      InstanceMethod("setGlobal", &BpfObject::SetGlobal),
                      InstanceMethod("setMapMaxEntries", &BpfObject::SetMapMaxEntries),
                      InstanceMethod("setAutoload", &BpfObject::SetAutoload),
                      InstanceMethod("load", &BpfObject::Load),
                      InstanceMethod("programs", &BpfObject::Programs),
                      InstanceMethod("maps", &BpfObject::Maps),
                      InstanceMethod("attach", &BpfObject::Attach),
                      InstanceMethod("attachPerfEvent", &BpfObject::AttachPerfEvent),
                      InstanceMethod("attachSocket", &BpfObject::AttachSocket),
                      InstanceMethod("structLayout", &BpfObject::StructLayout),
                      InstanceMethod("close", &BpfObject::Close)});
}

// new BpfObject(pathOrBuffer, name?)
BpfObject::BpfObject(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BpfObject>(info) {
  Napi::Env env = info.Env();
  ClearLibbpfLog();
  std::string name = info.Length() > 1 && info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "";
  LIBBPF_OPTS(bpf_object_open_opts, opts);
  if (!name.empty()) opts.object_name = name.c_str();
  if (info[0].IsBuffer()) {
    auto buf = info[0].As<Napi::Buffer<char>>();
    obj_ = bpf_object__open_mem(buf.Data(), buf.Length(), &opts);
  } else if (info[0].IsString()) {
    std::string path = info[0].As<Napi::String>().Utf8Value();
    obj_ = bpf_object__open_file(path.c_str(), &opts);
    if (!obj_) ThrowBpfError(env, "BPF_OPEN_FAILED", "cannot open BPF object " + path, errno);
  } else {
    throw Napi::TypeError::New(env, "BpfObject needs a file path or a Buffer");
  }
  if (!obj_) ThrowBpfError(env, "BPF_OPEN_FAILED", "cannot open BPF object from buffer", errno);
}

BpfObject::~BpfObject() {
  if (obj_) bpf_object__close(obj_);
}

struct bpf_object* BpfObject::Require(Napi::Env env) const {
  if (!obj_) ThrowBpfError(env, "BPF_OBJECT_CLOSED", "the BPF object was closed", 0);
  return obj_;
}

struct bpf_program* BpfObject::FindProgram(Napi::Env env, const std::string& name) const {
  struct bpf_program* prog = bpf_object__find_program_by_name(Require(env), name.c_str());
  if (!prog) ThrowBpfError(env, "BPF_PROGRAM_NOT_FOUND", "no program named " + name + " in the object", 0);
  return prog;
}

struct bpf_program* BpfObject::LoadedProgram(Napi::Env env, const std::string& name) const {
  struct bpf_program* prog = FindProgram(env, name);
  if (!loaded_) ThrowBpfError(env, "BPF_NOT_LOADED", "load() the object before attaching " + name, 0);
  return prog;
}

Napi::Value BpfObject::Globals(const Napi::CallbackInfo& info) {
  return BtfLayout(bpf_object__btf(Require(info.Env()))).Globals(info.Env());
}

// setGlobal(name, buffer): writes a global's initial value before load.
Napi::Value BpfObject::SetGlobal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  struct bpf_object* obj = Require(env);
  std::string name = info[0].As<Napi::String>().Utf8Value();
  auto value = info[1].As<Napi::Buffer<char>>();
  if (loaded_) ThrowBpfError(env, "BPF_ALREADY_LOADED", "global " + name + " must be set before load()", 0);
  std::string section;
  unsigned offset = 0, size = 0;
  if (!BtfLayout(bpf_object__btf(obj)).FindGlobal(name, &section, &offset, &size))
    ThrowBpfError(env, "BPF_GLOBAL_NOT_FOUND", "no global variable named " + name + " in the object", 0);
  if (value.Length() != size)
    ThrowBpfError(env, "BPF_GLOBAL_SIZE", "global " + name + " is " + std::to_string(size) + " bytes, got " + std::to_string(value.Length()), 0);
  struct bpf_map* map;
  bpf_object__for_each_map(map, obj) {
    std::string mapName = bpf_map__name(map);
    if (!bpf_map__is_internal(map) || mapName.size() < section.size() ||
        mapName.compare(mapName.size() - section.size(), section.size(), section) != 0)
      continue;
    size_t mapSize = 0;
    const void* init = bpf_map__initial_value(map, &mapSize);
    if (!init || offset + size > mapSize) break;
    std::vector<char> data(static_cast<const char*>(init), static_cast<const char*>(init) + mapSize);
    memcpy(data.data() + offset, value.Data(), size);
    int err = bpf_map__set_initial_value(map, data.data(), data.size());
    if (err) ThrowBpfError(env, "BPF_GLOBAL_FAILED", "cannot set global " + name, err);
    return env.Undefined();
  }
  ThrowBpfError(env, "BPF_GLOBAL_NOT_FOUND", "no data map for section " + section + " of global " + name, 0);
}

Napi::Value BpfObject::SetMapMaxEntries(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  struct bpf_map* map = bpf_object__find_map_by_name(Require(env), name.c_str());
  if (!map) ThrowBpfError(env, "BPF_MAP_NOT_FOUND", "no map named " + name + " in the object", 0);
  int err = bpf_map__set_max_entries(map, info[1].As<Napi::Number>().Uint32Value());
  if (err) ThrowBpfError(env, "BPF_MAP_RESIZE_FAILED", "cannot resize map " + name, err);
  return env.Undefined();
}

Napi::Value BpfObject::SetAutoload(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  struct bpf_program* prog = FindProgram(env, info[0].As<Napi::String>().Utf8Value());
  bpf_program__set_autoload(prog, info[1].ToBoolean());
  return env.Undefined();
}

Napi::Value BpfObject::Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  struct bpf_object* obj = Require(env);
  ClearLibbpfLog();
  int err = bpf_object__load(obj);
  if (err) ThrowBpfError(env, "BPF_LOAD_FAILED", std::string("cannot load BPF object ") + bpf_object__name(obj), err);
  loaded_ = true;
  return env.Undefined();
}

Napi::Value BpfObject::Programs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env);
  struct bpf_program* prog;
  uint32_t i = 0;
  bpf_object__for_each_program(prog, Require(env)) {
    Napi::Object p = Napi::Object::New(env);
    p.Set("name", bpf_program__name(prog));
    p.Set("section", bpf_program__section_name(prog));
    p.Set("type", Napi::Number::New(env, bpf_program__type(prog)));
    p.Set("autoload", Napi::Boolean::New(env, bpf_program__autoload(prog)));
    p.Set("fd", Napi::Number::New(env, loaded_ ? bpf_program__fd(prog) : -1));
    out.Set(i++, p);
  }
  return out;
}

Napi::Value BpfObject::Maps(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env);
  struct bpf_map* map;
  uint32_t i = 0;
  bpf_object__for_each_map(map, Require(env)) {
    Napi::Object m = Napi::Object::New(env);
    m.Set("name", bpf_map__name(map));
    m.Set("type", Napi::Number::New(env, bpf_map__type(map)));
    m.Set("fd", Napi::Number::New(env, loaded_ ? bpf_map__fd(map) : -1));
    m.Set("keySize", Napi::Number::New(env, bpf_map__key_size(map)));
    m.Set("valueSize", Napi::Number::New(env, bpf_map__value_size(map)));
    m.Set("maxEntries", Napi::Number::New(env, bpf_map__max_entries(map)));
    m.Set("internal", Napi::Boolean::New(env, bpf_map__is_internal(map)));
    out.Set(i++, m);
  }
  return out;
}

// attach(programName): attaches by the program's section (tracepoint, raw_tp, tp_btf, iter, kprobe, ...).
Napi::Value BpfObject::Attach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  struct bpf_program* prog = LoadedProgram(env, name);
  ClearLibbpfLog();
  struct bpf_link* link = bpf_program__attach(prog);
  if (!link) {
    ThrowBpfError(env, "BPF_ATTACH_FAILED",
                  "cannot attach program " + name + " (" + bpf_program__section_name(prog) + ")", errno);
  }
  return BpfLink::Wrap(env, link);
}

// attachPerfEvent(programName, { type, config, sampleFreq, samplePeriod, cpu, pid })
Napi::Value BpfObject::AttachPerfEvent(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  struct bpf_program* prog = LoadedProgram(env, name);
  Napi::Object o = info[1].As<Napi::Object>();
  auto num = [&](const char* key, double def) { return o.Has(key) ? o.Get(key).As<Napi::Number>().DoubleValue() : def; };
  struct perf_event_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = static_cast<__u32>(num("type", PERF_TYPE_SOFTWARE));
  attr.config = static_cast<__u64>(num("config", PERF_COUNT_SW_CPU_CLOCK));
  double freq = num("sampleFreq", 0);
  if (freq > 0) {
    attr.freq = 1;
    attr.sample_freq = static_cast<__u64>(freq);
  } else {
    attr.sample_period = static_cast<__u64>(num("samplePeriod", 1000000));
  }
  int pfd = static_cast<int>(syscall(__NR_perf_event_open, &attr, static_cast<int>(num("pid", -1)),
                                     static_cast<int>(num("cpu", 0)), -1, PERF_FLAG_FD_CLOEXEC));
  if (pfd < 0) ThrowBpfError(env, "PERF_EVENT_OPEN_FAILED", "cannot open a perf event for " + name, errno);
  ClearLibbpfLog();
  struct bpf_link* link = bpf_program__attach_perf_event(prog, pfd);
  if (!link) {
    int err = errno;
    close(pfd);
    ThrowBpfError(env, "BPF_ATTACH_FAILED", "cannot attach " + name + " to a perf event", err);
  }
  return BpfLink::Wrap(env, link, pfd);
}

// attachSocket(programName, socketFd): a socket filter, detached when the socket closes.
Napi::Value BpfObject::AttachSocket(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  int progFd = bpf_program__fd(LoadedProgram(env, name));
  int sock = info[1].As<Napi::Number>().Int32Value();
  if (setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, &progFd, sizeof progFd) != 0)
    ThrowBpfError(env, "BPF_ATTACH_FAILED", "cannot attach socket filter " + name, errno);
  return env.Undefined();
}

Napi::Value BpfObject::StructLayout(const Napi::CallbackInfo& info) {
  return BtfLayout(bpf_object__btf(Require(info.Env()))).Struct(info.Env(), info[0].As<Napi::String>().Utf8Value());
}

Napi::Value BpfObject::Close(const Napi::CallbackInfo& info) {
  if (obj_) bpf_object__close(obj_);
  obj_ = nullptr;
  return info.Env().Undefined();
}

}  // namespace gadgetry
