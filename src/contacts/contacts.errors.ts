import { DomainError } from '@app/common';

export const contactEmailTaken = () => new DomainError(409, 'CONTACT_EMAIL_TAKEN');
