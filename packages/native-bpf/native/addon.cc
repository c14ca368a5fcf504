// Entry point of the gadgetry_bpf addon. It may be loaded by several
// JavaScript environments (the main thread and worker threads): everything
// per environment lives in that environment's AddonData.
#include <napi.h>

#include "AddonData.h"
#include "AttachProbe.h"
#include "BpfLink.h"
#include "BpfObject.h"
#include "FeatureProbe.h"
#include "KernelSetup.h"
#include "LibbpfLog.h"
#include "MapHandle.h"
#include "PacketSocket.h"
#include "PerfBufferReader.h"
#include "RingBufferReader.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  gadgetry::LibbpfLogCapture::Install();
  gadgetry::AddonData::Install(env);
  exports.Set("BpfObject", gadgetry::BpfObject::Init(env));
  gadgetry::BpfLink::Init(env);
  gadgetry::MapHandle::Init(env);
  exports.Set("RingBufferReader", gadgetry::RingBufferReader::Init(env));
  exports.Set("PerfBufferReader", gadgetry::PerfBufferReader::Init(env));
  exports.Set("PacketSocket", gadgetry::PacketSocket::Init(env));
  gadgetry::KernelSetup::Register(env, exports);
  gadgetry::FeatureProbe::Register(env, exports);
  gadgetry::AttachProbe::Register(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(gadgetry_bpf, Init)
