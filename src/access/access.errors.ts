import { NotFoundError } from '@app/common';

/** The same answer for a customer that does not exist and one the actor may not see. */
export const customerNotFound = () => new NotFoundError('customer');
