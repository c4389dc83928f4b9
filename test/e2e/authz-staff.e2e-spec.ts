import { describeAccessMatrix } from '../authz/matrix';

/** The authorisation matrix for auth, permissions, staff, roles and health. */
describeAccessMatrix('staff');
