#include "AddonData.h"

namespace gadgetry {
namespace {

void CloseLeftovers(void* arg) {
  auto* owners = static_cast<std::shared_ptr<OwnerRegistry>*>(arg);
  (*owners)->CloseAll();
  delete owners;
}

}  // namespace

AddonData& AddonData::Install(Napi::Env env) {
  auto* data = new AddonData();
  env.SetInstanceData<AddonData>(data);
  // The hook holds the registry itself: it must not depend on the order in
  // which Node frees instance data and runs cleanup hooks.
  auto* hookArg = new std::shared_ptr<OwnerRegistry>(data->owners);
  if (napi_add_env_cleanup_hook(env, &CloseLeftovers, hookArg) != napi_ok) {
    delete hookArg;
    throw Napi::Error::New(env, "cannot register the environment cleanup hook");
  }
  return *data;
}

}  // namespace gadgetry
