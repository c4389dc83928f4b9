import { describeFuzz } from '../fuzz/suite';

/** The first third of the OpenAPI fuzz (see test/fuzz/suite.ts); openapi-fuzz-2 and -3 run the others beside it. */
describeFuzz(0, 3);
