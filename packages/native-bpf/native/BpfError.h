// Carries errno and libbpf's own messages into JavaScript errors.
#pragma once
#include <napi.h>

#include <string>

// Generated at build time from @gadgetry/errors' list (scripts/build-addon.mjs):
// ErrorCode and the Code::<NAME> constants, so an unlisted code cannot compile.
#include "ErrorCodes.h"

namespace gadgetry {

// errno or libbpf's own error code (LIBBPF_ERRNO__*) in words, with the number:
// "BPF object format invalid (libbpf error 4001)", "Permission denied (errno 1)".
std::string DescribeErrno(int err);

// A JavaScript Error with `code`, `errno` and what libbpf said (`libbpfLog`).
Napi::Error BpfErrorValue(Napi::Env env, ErrorCode code, const std::string& what, int err, const std::string& libbpfLog);

[[noreturn]] void ThrowBpfError(Napi::Env env, ErrorCode code, const std::string& what, int err,
                                const std::string& libbpfLog = "");

// Use after close: the handle's kernel object is gone, and its fd number may
// belong to something else by now, so nothing is done with it.
[[noreturn]] void ThrowClosed(Napi::Env env, const std::string& what);

}  // namespace gadgetry
