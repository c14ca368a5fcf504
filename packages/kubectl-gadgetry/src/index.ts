export { main, type PluginIo } from './cli.js';
export { parsePluginArgs, PluginUsageError, PLUGIN_HELP, DEFAULT_AGENT_NAMESPACE, DEFAULT_AGENT_SELECTOR, type PluginArgs } from './pluginArgs.js';
export { findAgentPods, DEFAULT_AGENT_PORT, type AgentPod } from './findAgentPods.js';
export { AgentForwards, type AgentForward } from './AgentForwards.js';
export { gadgetryArgs, spawnGadgetry, GadgetryCliMissingError, type GadgetryLauncher } from './gadgetryCommand.js';
