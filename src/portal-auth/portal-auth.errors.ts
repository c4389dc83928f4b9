import { DomainError } from '@app/common';

/** The link is unknown, used, expired, or its contact cannot sign in: one answer for all. */
export const passwordLinkInvalid = () => new DomainError(400, 'PASSWORD_LINK_INVALID');
