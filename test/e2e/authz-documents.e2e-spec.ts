import { describeAccessMatrix } from '../authz/matrix';

/** The authorisation matrix for sales documents (invoices and payments). */
describeAccessMatrix('documents');
