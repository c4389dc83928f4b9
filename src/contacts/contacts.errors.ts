import { DomainError, NotFoundError } from '@app/common';

export const contactNotFound = () => new NotFoundError('contact');
export const contactEmailTaken = () => new DomainError(409, 'CONTACT_EMAIL_TAKEN');
/** The change would leave a customer with contacts but no active primary contact: make another one primary first. */
export const primaryContactRequired = () => new DomainError(409, 'PRIMARY_CONTACT_REQUIRED');
/** A contact of an inactive customer cannot be made active. */
export const customerInactive = () => new DomainError(409, 'CUSTOMER_INACTIVE');
/** An inactive contact cannot become the primary one (unless the same change activates it). */
export const contactInactive = () => new DomainError(409, 'CONTACT_INACTIVE');
