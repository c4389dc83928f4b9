import { describeFuzz } from '../fuzz/suite';

/** The last third of the OpenAPI fuzz (see test/fuzz/suite.ts). */
describeFuzz(2, 3);
