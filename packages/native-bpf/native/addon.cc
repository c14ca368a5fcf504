// Entry point of the gadgetry_bpf addon.
#include <napi.h>

#include "BpfError.h"
#include "BpfLink.h"
#include "BpfObject.h"
#include "KernelSetup.h"
#include "MapAccess.h"
#include "PerfBufferReader.h"
#include "RingBufferReader.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  gadgetry::InstallLibbpfLog();
  exports.Set("BpfObject", gadgetry::BpfObject::Init(env));
  exports.Set("BpfLink", gadgetry::BpfLink::Init(env));
  exports.Set("RingBufferReader", gadgetry::RingBufferReader::Init(env));
  exports.Set("PerfBufferReader", gadgetry::PerfBufferReader::Init(env));
  gadgetry::MapAccess::Register(env, exports);
  gadgetry::KernelSetup::Register(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(gadgetry_bpf, Init)
