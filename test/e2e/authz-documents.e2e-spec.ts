import { describeAccessMatrix } from '../authz/matrix';

/** The authorisation matrix for sales documents (invoices). */
describeAccessMatrix('documents');
