import { describeAccessMatrix } from '../authz/matrix';

/** The authorisation matrix for currencies, customer groups, languages, settings and reports. */
describeAccessMatrix('reference');
