import { describeAccessMatrix } from '../authz/matrix';

/** The authorisation matrix for customers and everything under a customer. */
describeAccessMatrix('customers');
