// State of the addon in one JavaScript environment (the main thread or a
// worker thread): constructors used from native code and the objects the
// environment opened. Kept as the environment's instance data, never in
// process globals, so one environment's exit cannot break another's.
#pragma once
#include <napi.h>

#include <memory>

#include "ObjectOwner.h"

namespace gadgetry {

struct AddonData {
  Napi::FunctionReference linkConstructor;
  Napi::FunctionReference mapConstructor;
  std::shared_ptr<OwnerRegistry> owners = std::make_shared<OwnerRegistry>();

  static AddonData& Of(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }
  // Installs the data and a cleanup hook that closes every object the
  // environment left open (a worker that exits, or is terminated, without close()).
  static AddonData& Install(Napi::Env env);
};

}  // namespace gadgetry
