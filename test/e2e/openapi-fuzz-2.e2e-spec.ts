import { describeFuzz } from '../fuzz/suite';

/** The second half of the OpenAPI fuzz (see test/fuzz/suite.ts). */
describeFuzz(1, 2);
