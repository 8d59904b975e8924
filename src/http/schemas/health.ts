import { z } from 'zod';

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    database: z.object({
      kind: z.enum(['pglite', 'postgres']).meta({ description: 'Embedded PGlite or a PostgreSQL server.' }),
      reachable: z.boolean(),
    }),
  })
  .meta({ id: 'Health' });

export type Health = z.infer<typeof healthSchema>;
