import type { ERROR_CODES, LOSS_REASONS } from '@gadgetry/errors';

export function renderErrorsDoc(codes?: Record<string, (typeof ERROR_CODES)[keyof typeof ERROR_CODES]>, reasons?: typeof LOSS_REASONS): string;
