import { describeFuzz } from '../fuzz/suite';

/** The second third of the OpenAPI fuzz (see test/fuzz/suite.ts). */
describeFuzz(1, 3);
