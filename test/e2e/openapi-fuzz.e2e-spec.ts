import { describeFuzz } from '../fuzz/suite';

/** The first half of the OpenAPI fuzz (see test/fuzz/suite.ts); openapi-fuzz-2 runs the other half beside it. */
describeFuzz(0, 2);
