#include "BpfObject.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/perf_event.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <vector>

#include "AddonData.h"
#include "Args.h"
#include "BpfError.h"
#include "BpfLink.h"
#include "BtfLayout.h"
#include "IterTarget.h"
#include "LibbpfLog.h"
#include "MapHandle.h"
#include "ObjectCost.h"
#include "ObjectLoad.h"
#include "UprobeAttach.h"

namespace gadgetry {

Napi::Function BpfObject::Init(Napi::Env env) {
  return DefineClass(env, "BpfObject",
                     {InstanceMethod("globals", &BpfObject::Globals),
                      InstanceMethod("setGlobal", &BpfObject::SetGlobal),
                      InstanceMethod("setMapMaxEntries", &BpfObject::SetMapMaxEntries),
                      InstanceMethod("setAutoload", &BpfObject::SetAutoload),
                      InstanceMethod("load", &BpfObject::Load),
                      InstanceMethod("loadAsync", &BpfObject::LoadAsync),
                      InstanceMethod("programs", &BpfObject::Programs),
                      InstanceMethod("maps", &BpfObject::Maps),
                      InstanceMethod("attach", &BpfObject::Attach),
                      InstanceMethod("attachPerfEvent", &BpfObject::AttachPerfEvent),
                      InstanceMethod("attachSocket", &BpfObject::AttachSocket),
                      InstanceMethod("attachUprobe", &BpfObject::AttachUprobe),
                      InstanceMethod("structLayout", &BpfObject::StructLayout),
                      InstanceMethod("enableRunTimeStats", &BpfObject::EnableRunTimeStats),
                      InstanceMethod("programCosts", &BpfObject::ProgramCosts),
                      InstanceMethod("mapCosts", &BpfObject::MapCosts),
                      InstanceMethod("close", &BpfObject::Close),
                      InstanceAccessor("closed", &BpfObject::Closed, nullptr)});
}

// new BpfObject(pathOrBuffer, name?)
BpfObject::BpfObject(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BpfObject>(info) {
  Napi::Env env = info.Env();
  TagObject(env, info.This().As<Napi::Object>(), tags::kBpfObject);
  Args args(info, "new BpfObject(source, name?)", 1, 2);
  if (!info[0].IsString() && !info[0].IsBuffer()) args.TypeFail("argument 1 (source)", "a file path or a Buffer", info[0]);
  std::string name = args.Has(1) ? args.String(1, "name") : "";
  LIBBPF_OPTS(bpf_object_open_opts, opts);
  if (!name.empty()) opts.object_name = name.c_str();
  LibbpfLogCapture capture;
  struct bpf_object* obj;
  std::string from;
  if (info[0].IsBuffer()) {
    auto buf = info[0].As<Napi::Buffer<char>>();
    obj = bpf_object__open_mem(buf.Data(), buf.Length(), &opts);
    from = "from buffer";
  } else {
    from = info[0].As<Napi::String>().Utf8Value();
    obj = bpf_object__open_file(from.c_str(), &opts);
  }
  // libbpf 1.x returns NULL and sets errno on failure.
  if (!obj) ThrowBpfError(env, Code::BPF_OPEN_FAILED, "cannot open BPF object " + from, errno, capture.Text());
  owner_ = std::make_shared<ObjectOwner>(obj, AddonData::Of(env).owners);
}

struct bpf_program* BpfObject::FindProgram(Napi::Env env, const std::string& name) const {
  struct bpf_program* prog = bpf_object__find_program_by_name(owner_->Object(env), name.c_str());
  if (!prog) ThrowBpfError(env, Code::BPF_PROGRAM_NOT_FOUND, "no program named " + name + " in the object", 0);
  return prog;
}

struct bpf_program* BpfObject::LoadedProgram(Napi::Env env, const std::string& name) const {
  struct bpf_program* prog = FindProgram(env, name);
  if (!owner_->Loaded()) ThrowBpfError(env, Code::BPF_NOT_LOADED, "load() the object before attaching " + name, 0);
  return prog;
}

Napi::Value BpfObject::Globals(const Napi::CallbackInfo& info) {
  Args(info, "globals()", 0, 0, tags::kBpfObject);
  return BtfLayout(bpf_object__btf(owner_->Object(info.Env()))).Globals(info.Env());
}

// setGlobal(name, buffer): writes a global's initial value before load.
Napi::Value BpfObject::SetGlobal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "setGlobal(name, value)", 2, 2, tags::kBpfObject);
  std::string name = args.String(0, "name");
  auto value = args.Buffer(1, "value");
  struct bpf_object* obj = owner_->Object(env);
  if (owner_->Loaded()) ThrowBpfError(env, Code::BPF_ALREADY_LOADED, "global " + name + " must be set before load()", 0);
  std::string section;
  unsigned offset = 0, size = 0;
  if (!BtfLayout(bpf_object__btf(obj)).FindGlobal(name, &section, &offset, &size))
    ThrowBpfError(env, Code::BPF_GLOBAL_NOT_FOUND, "no global variable named " + name + " in the object", 0);
  if (value.Length() != size)
    ThrowBpfError(env, Code::BPF_GLOBAL_SIZE, "global " + name + " is " + std::to_string(size) + " bytes, got " + std::to_string(value.Length()), 0);
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
    if (err) ThrowBpfError(env, Code::BPF_GLOBAL_FAILED, "cannot set global " + name, err);
    return env.Undefined();
  }
  ThrowBpfError(env, Code::BPF_GLOBAL_NOT_FOUND, "no data map for section " + section + " of global " + name, 0);
}

Napi::Value BpfObject::SetMapMaxEntries(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "setMapMaxEntries(name, entries)", 2, 2, tags::kBpfObject);
  std::string name = args.String(0, "name");
  int64_t entries = args.Integer(1, "entries", 1, UINT32_MAX);
  struct bpf_map* map = bpf_object__find_map_by_name(owner_->Object(env), name.c_str());
  if (!map) ThrowBpfError(env, Code::BPF_MAP_NOT_FOUND, "no map named " + name + " in the object", 0);
  int err = bpf_map__set_max_entries(map, static_cast<__u32>(entries));
  if (err) ThrowBpfError(env, Code::BPF_MAP_RESIZE_FAILED, "cannot resize map " + name, err);
  return env.Undefined();
}

Napi::Value BpfObject::SetAutoload(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "setAutoload(program, autoload)", 2, 2, tags::kBpfObject);
  std::string name = args.String(0, "program");
  bool autoload = args.Boolean(1, "autoload");
  bpf_program__set_autoload(FindProgram(env, name), autoload);
  return env.Undefined();
}

Napi::Value BpfObject::Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args(info, "load()", 0, 0, tags::kBpfObject);
  struct bpf_object* obj = owner_->Object(env);
  if (owner_->Loaded()) ThrowBpfError(env, Code::BPF_ALREADY_LOADED, "BPF object " + owner_->Name() + " is already loaded", 0);
  LibbpfLogCapture capture;
  int err = bpf_object__load(obj);
  if (err) ThrowBpfError(env, Code::BPF_LOAD_FAILED, "cannot load BPF object " + owner_->Name(), err, capture.Text());
  owner_->MarkLoaded();
  return env.Undefined();
}

// loadAsync() -> Promise: load() on the thread pool.
Napi::Value BpfObject::LoadAsync(const Napi::CallbackInfo& info) {
  Args(info, "loadAsync()", 0, 0, tags::kBpfObject);
  return ObjectLoad::Start(info.Env(), owner_);
}

Napi::Value BpfObject::Programs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args(info, "programs()", 0, 0, tags::kBpfObject);
  Napi::Array out = Napi::Array::New(env);
  struct bpf_program* prog;
  uint32_t i = 0;
  bpf_object__for_each_program(prog, owner_->Object(env)) {
    Napi::Object p = Napi::Object::New(env);
    p.Set("name", bpf_program__name(prog));
    p.Set("section", bpf_program__section_name(prog));
    p.Set("type", Napi::Number::New(env, bpf_program__type(prog)));
    p.Set("autoload", Napi::Boolean::New(env, bpf_program__autoload(prog)));
    out.Set(i++, p);
  }
  return out;
}

// maps(): each map's description, with a handle for loaded objects.
Napi::Value BpfObject::Maps(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args(info, "maps()", 0, 0, tags::kBpfObject);
  Napi::Array out = Napi::Array::New(env);
  struct bpf_map* map;
  uint32_t i = 0;
  bpf_object__for_each_map(map, owner_->Object(env)) {
    Napi::Object m = Napi::Object::New(env);
    m.Set("name", bpf_map__name(map));
    m.Set("type", Napi::Number::New(env, bpf_map__type(map)));
    m.Set("keySize", Napi::Number::New(env, bpf_map__key_size(map)));
    m.Set("valueSize", Napi::Number::New(env, bpf_map__value_size(map)));
    m.Set("maxEntries", Napi::Number::New(env, bpf_map__max_entries(map)));
    m.Set("internal", Napi::Boolean::New(env, bpf_map__is_internal(map)));
    if (owner_->Loaded()) m.Set("handle", MapHandle::Wrap(env, owner_, map));
    out.Set(i++, m);
  }
  return out;
}

// attach(program, options?): attaches by the program's section (tracepoint,
// raw_tp, tp_btf, iter, kprobe, ...). For iter/* programs the options may name
// what the iterator walks (IterTarget.h).
Napi::Value BpfObject::Attach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "attach(program, options)", 1, 2, tags::kBpfObject);
  std::string name = args.String(0, "program");
  union bpf_iter_link_info target;
  bool targeted = args.Has(1) && ParseIterTarget(args, args.Object(1, "options"), &target);
  struct bpf_program* prog = LoadedProgram(env, name);
  if (targeted && bpf_program__expected_attach_type(prog) != BPF_TRACE_ITER) {
    ThrowBpfError(env, Code::BPF_ATTACH_FAILED,
                  "cannot attach program " + name + " (" + bpf_program__section_name(prog) + ") with iterator arguments: it is not an iter/* program",
                  EINVAL);
  }
  LibbpfLogCapture capture;
  struct bpf_link* link;
  if (targeted) {
    LIBBPF_OPTS(bpf_iter_attach_opts, opts);
    opts.link_info = &target;
    opts.link_info_len = sizeof target;
    link = bpf_program__attach_iter(prog, &opts);
  } else {
    link = bpf_program__attach(prog);
  }
  if (!link) {
    ThrowBpfError(env, Code::BPF_ATTACH_FAILED, "cannot attach program " + name + " (" + bpf_program__section_name(prog) + ")",
                  errno, capture.Text());
  }
  return BpfLink::Wrap(env, owner_, link, name);
}

// attachPerfEvent(program, { type, config, sampleFreq, samplePeriod, cpu, pid })
Napi::Value BpfObject::AttachPerfEvent(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "attachPerfEvent(program, options)", 2, 2, tags::kBpfObject);
  std::string name = args.String(0, "program");
  Napi::Object o = args.Object(1, "options");
  struct perf_event_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = static_cast<__u32>(args.IntegerField(o, "type", 0, UINT32_MAX, PERF_TYPE_SOFTWARE));
  attr.config = static_cast<__u64>(args.IntegerField(o, "config", 0, INT64_MAX, PERF_COUNT_SW_CPU_CLOCK));
  int64_t freq = args.IntegerField(o, "sampleFreq", 0, INT64_MAX, 0);
  int64_t period = args.IntegerField(o, "samplePeriod", 1, INT64_MAX, 1000000);
  int pid = static_cast<int>(args.IntegerField(o, "pid", -1, INT32_MAX, -1));
  int cpu = static_cast<int>(args.IntegerField(o, "cpu", -1, INT32_MAX, 0));
  if (freq > 0) {
    attr.freq = 1;
    attr.sample_freq = static_cast<__u64>(freq);
  } else {
    attr.sample_period = static_cast<__u64>(period);
  }
  struct bpf_program* prog = LoadedProgram(env, name);
  int pfd = static_cast<int>(syscall(__NR_perf_event_open, &attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC));
  if (pfd < 0) ThrowBpfError(env, Code::PERF_EVENT_OPEN_FAILED, "cannot open a perf event for " + name, errno);
  LibbpfLogCapture capture;
  struct bpf_link* link = bpf_program__attach_perf_event(prog, pfd);
  if (!link) {
    int err = errno;
    close(pfd);  // a failed attach leaves the perf event to us
    ThrowBpfError(env, Code::BPF_ATTACH_FAILED, "cannot attach " + name + " to a perf event", err, capture.Text());
  }
  // From here the link owns the perf event fd: destroying the link closes it.
  return BpfLink::Wrap(env, owner_, link, name);
}

// attachUprobe(program, { binary, symbol?, offset?, pid?, retprobe? })
Napi::Value BpfObject::AttachUprobe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "attachUprobe(program, options)", 2, 2, tags::kBpfObject);
  std::string name = args.String(0, "program");
  UprobeTarget target = ParseUprobeTarget(env, args.Object(1, "options"));
  struct bpf_program* prog = LoadedProgram(env, name);
  return BpfLink::Wrap(env, owner_, gadgetry::AttachUprobe(env, prog, name, target), name);
}

// attachSocket(program, socketFd): a socket filter, detached when the socket closes.
Napi::Value BpfObject::AttachSocket(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args args(info, "attachSocket(program, socketFd)", 2, 2, tags::kBpfObject);
  std::string name = args.String(0, "program");
  int sock = static_cast<int>(args.Integer(1, "socketFd", 0, INT32_MAX));
  int progFd = bpf_program__fd(LoadedProgram(env, name));
  if (setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, &progFd, sizeof progFd) != 0)
    ThrowBpfError(env, Code::BPF_ATTACH_FAILED, "cannot attach socket filter " + name, errno);
  return env.Undefined();
}

Napi::Value BpfObject::StructLayout(const Napi::CallbackInfo& info) {
  Args args(info, "structLayout(name)", 1, 1, tags::kBpfObject);
  std::string name = args.String(0, "name");
  return BtfLayout(bpf_object__btf(owner_->Object(info.Env()))).Struct(info.Env(), name);
}

// enableRunTimeStats(): the kernel counts BPF run time until the object is
// closed (BPF_ENABLE_STATS, held by the owner); throws BPF_STATS_REFUSED.
Napi::Value BpfObject::EnableRunTimeStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args(info, "enableRunTimeStats()", 0, 0, tags::kBpfObject);
  owner_->Object(env);  // a closed object would never give the fd back
  if (!owner_->HoldsStats()) owner_->HoldStatsFd(gadgetry::EnableRunTimeStats(env));
  return env.Undefined();
}

// programCosts(): each loaded program's run count, run time and memory, as the kernel counts them.
Napi::Value BpfObject::ProgramCosts(const Napi::CallbackInfo& info) {
  Args(info, "programCosts()", 0, 0, tags::kBpfObject);
  return gadgetry::ProgramCosts(info.Env(), owner_->Object(info.Env()));
}

// mapCosts(): each created map's kernel memory, type and size.
Napi::Value BpfObject::MapCosts(const Napi::CallbackInfo& info) {
  Args(info, "mapCosts()", 0, 0, tags::kBpfObject);
  return gadgetry::MapCosts(info.Env(), owner_->Object(info.Env()));
}

// close(): detaches every link, frees every reader, then the programs and
// maps. Every handle made from the object answers BPF_OBJECT_CLOSED after.
Napi::Value BpfObject::Close(const Napi::CallbackInfo& info) {
  Args(info, "close()", 0, 0, tags::kBpfObject);
  owner_->Close();
  return info.Env().Undefined();
}

Napi::Value BpfObject::Closed(const Napi::CallbackInfo& info) {
  Args(info, "closed", 0, 0, tags::kBpfObject);
  return Napi::Boolean::New(info.Env(), owner_->Closed());
}

}  // namespace gadgetry
