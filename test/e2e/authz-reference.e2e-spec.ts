import { describeAccessMatrix } from '../authz/matrix';

/** The authorisation matrix for currencies, customer groups, languages and settings. */
describeAccessMatrix('reference');
