// Type tests, checked by tsc (npm run typecheck): the params instantiate()
// receives are typed from the schema, so a typo or a wrong type is a compile error.
import { expectTypeOf } from 'vitest';
import type { Static } from '@gadgetry/sdk';
import operator from './index.js';

type Params = Parameters<typeof operator.instantiate>[2];
expectTypeOf<Params>().toEqualTypeOf<Static<typeof operator.params>>();
expectTypeOf<Params['cgroupLevels']>().toEqualTypeOf<number>();
expectTypeOf<Params['cgroupRoot']>().toEqualTypeOf<string>();
// @ts-expect-error the schema has no such param
expectTypeOf<Params['cgroupColour']>().toBeString();
