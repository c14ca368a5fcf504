export { runGadget, type RunOptions } from './lifecycle/runGadget.js';
export { collectEvents, type CollectOptions, type Collected } from './lifecycle/collectEvents.js';
export { GadgetRun, type RunResult, type StopReason, type GadgetRunEvents, type LogLevel, type LostReport, type LostEvents } from './lifecycle/GadgetRun.js';
export type { RunStats } from './lifecycle/RunStats.js';
export { BPF_LOADED_MARK, type StartupPhase, type StartupTiming } from './lifecycle/startupPhases.js';
export type { RunCost, ProgramStats, MapStats } from './lifecycle/runCost.js';
export type { InvalidEvents } from './pipeline/EventCheck.js';
export type { BatchInfo, GadgetEvent } from './pipeline/EventPipeline.js';
export {
  discoverGadgets,
  type Discovery,
  type DiscoveryProblem,
  type DiscoveredGadget,
  type DiscoveredOperator,
  type DiscoverOptions,
  type RejectedPackage,
} from './discovery/discoverGadgets.js';
export { searchRoots, type SearchRoot, type SearchRootOptions } from './discovery/searchRoots.js';
export { GadgetCatalog, type CatalogOptions } from './registry/GadgetCatalog.js';
export { TrustPolicy, invokingOwners, type TrustProblem } from './registry/TrustPolicy.js';
export { parseParams } from './params/parseParams.js';
export { paramSpecs, type ParamSpec } from './params/paramSpecs.js';
export { orderOperators } from './operators/orderOperators.js';
export { createOutput, OUTPUT_FORMATS, type OutputFormat, type EventOutput } from './output/createOutput.js';
export { eventFields, selectFields, type FieldInfo } from './output/fields.js';
export { main as runCli, type MainOptions } from './cli/main.js';
export { runCliProcess, type CliProcessOptions } from './cliProcess.js';
export type { CliIO } from './cli/CliIO.js';
export {
  GadgetryError,
  GadgetNotFoundError,
  ParamInvalidError,
  UsageError,
  GadgetLoadError,
  GadgetStepError,
  OperatorDependencyError,
  describeError,
  errorDetails,
  errorReport,
  oneLine,
  MAX_ERROR_LINE,
  exitStatusOf,
} from './errors.js';
export { ERROR_CODES, LOSS_REASONS, type ErrorCode, type LossReason, type LossWhere } from '@gadgetry/errors';
export { GadgetUnusableError } from './registry/GadgetUnusableError.js';
export { ManifestMismatchError, MANIFEST_FIELDS, type ManifestField } from './registry/ManifestMismatchError.js';
export { UntrustedPathError } from './registry/UntrustedPathError.js';
export { foldedStacks } from './output/stackProfile/foldedStacks.js';
export { stackTable } from './output/stackProfile/stackTable.js';
export { flameGraphSvg } from './output/stackProfile/flameGraphSvg.js';
export { flameGraphHtml } from './output/stackProfile/flameGraphHtml.js';
export { frameLabel } from './output/stackProfile/frameLabel.js';
export { writeFileAtomic } from './output/stackProfile/writeFileAtomic.js';
export { GADGET_INFO_VERSION, isGadgetInfo, GadgetInfoSchema, ParamInfoSchema, FieldInfoSchema, OperatorInfoSchema, type GadgetInfo, type ParamInfo, type GadgetFieldInfo, type OperatorInfo } from './runner/GadgetInfo.js';
export { gadgetInfoOf } from './runner/gadgetInfoOf.js';
export { infoFields } from './runner/infoFields.js';
export type { RunMessage, RunMessageType, RunError } from './runner/RunMessage.js';
export { runMessageToJson, runMessageFromJson } from './runner/runMessageJson.js';
export { toWire, fromWire } from './runner/wireValue.js';
export { runErrorOf, runErrorReport, runErrorExitStatus } from './runner/runError.js';
export type { HeadlessRunner, HeadlessRunSpec, HeadlessRunStatus, HeadlessRunState } from './runner/HeadlessRunner.js';
export type { GadgetRunner, GadgetList, GadgetSummary, OperatorSummary, RunnerRunOptions, RunStream } from './runner/GadgetRunner.js';
export { LocalRunner, type LocalRunnerOptions } from './runner/LocalRunner.js';
export { MessageQueue, type QueueFlow } from './runner/MessageQueue.js';
export { RunMessagePrinter, type RunMessagePrinterOptions, type RunControl } from './cli/RunMessagePrinter.js';
export { HeadlessRuns, type HeadlessRunsOptions } from './runner/headless/HeadlessRuns.js';
export { checkRunName, RUN_NAME_MAX } from './runner/headless/runName.js';
export { RunNameInvalidError, RunNameTakenError, RunNotFoundError, RunSpecInvalidError, AgentRequiredError } from './runner/headless/headlessErrors.js';
export type { QueueBounds } from './runner/headless/QueueBounds.js';
export type { HeadlessHook, HeadlessClient } from './cli/headlessHook.js';
export type { ParsedArgs } from './cli/parseArgs.js';
export {
  RemoteUnavailableError,
  scanRemoteFlags,
  type RemoteSupport,
  type RemoteConnection,
  type RemoteTlsOptions,
  type ServeContext,
} from './cli/RemoteSupport.js';
export { takeFlag } from './cli/parseArgs.js';
export {
  parseMetricsListen,
  parseOtlpEndpoint,
  isLoopback,
  type MetricsSupport,
  type MetricsExport,
  type MetricsExportOptions,
  type MetricsListen,
} from './cli/MetricsSupport.js';
export { parseUiListen, uiNeedsToken, type UiSupport, type UiView, type UiListen } from './cli/UiSupport.js';
