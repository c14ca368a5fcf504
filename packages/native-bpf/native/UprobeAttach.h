// Attaching a uprobe or uretprobe program to a function of a user-space
// binary (an executable or a shared library), by path and symbol name or
// offset, optionally for one process only.
#pragma once
#include <napi.h>

#include <cstdint>
#include <string>

struct bpf_link;
struct bpf_program;

namespace gadgetry {

struct UprobeTarget {
  std::string binary;  // absolute path of the ELF file
  std::string symbol;  // function name; "" to attach at `offset` in the file
  uint64_t offset = 0; // with a symbol: bytes into the function; without: the file offset
  int pid = -1;        // -1: every process that maps the file
  bool retprobe = false;
};

// Reads { binary, symbol?, offset?, pid?, retprobe? }.
UprobeTarget ParseUprobeTarget(Napi::Env env, Napi::Object options);

// Attaches `prog` (named `name`) to `target`; throws a BpfError that says
// which of binary, symbol and pid was wrong when one is.
struct bpf_link* AttachUprobe(Napi::Env env, struct bpf_program* prog, const std::string& name, const UprobeTarget& target);

}  // namespace gadgetry
