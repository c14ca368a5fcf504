export { ERROR_CODES, ERROR_AREAS, isErrorCode, exitStatusOfCode, type ErrorCode, type ErrorCodeInfo, type ErrorArea, type ExitClass } from './errorCodes.js';
export { LOSS_REASONS, LOSS_REASON_NAMES, LOSS_WHERE, isLossReason, type LossReason, type LossReasonInfo, type LossWhere } from './lossReasons.js';
export { GadgetryError, foreignCode, type ForeignCode, type GadgetryErrorOptions } from './GadgetryError.js';
export { errorDetails } from './errorDetails.js';
export { oneLine, MAX_ERROR_LINE } from './oneLine.js';
export { escapeTerminal } from './escapeTerminal.js';
export { quoteInput, clipInput, SHOWN_INPUT_MAX } from './quoteInput.js';
