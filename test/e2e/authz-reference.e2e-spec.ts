import { describeAccessMatrix } from '../authz/matrix';

/** The authorisation matrix for currencies, customer groups and languages. */
describeAccessMatrix('reference');
