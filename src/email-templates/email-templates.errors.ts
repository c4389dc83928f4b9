import { NotFoundError, ValidationFailedError } from '@app/common';
import type { TemplateFormatError } from './template-source';

export const templateNotFound = () => new NotFoundError('email template');

/** 400 naming the part (subject or body) that does not compile or render, and why. */
export const templateInvalid = (error: TemplateFormatError) =>
  new ValidationFailedError([
    { field: error.part, code: 'templateInvalid', args: { property: error.part, reason: error.message } },
  ]);
