import { DatabaseLogTransport } from '../src';
import { busContract } from './bus-contract';

// The durable log is the standalone default on embedded PGlite, and serves a PostgreSQL install
// without Kafka. Both must behave like Kafka. Short timers keep the suite quick.
const fast = { heartbeatMs: 200, pollIntervalMs: 50, retentionIntervalMs: 0 };
busContract('the database log', (db) => new DatabaseLogTransport({ prisma: db.prisma, ...fast }), {
  database: 'pglite',
});
// On PostgreSQL direct publishes write through the database's own connection outside Prisma
// (`bulk`), as the platform wires it; the embedded run above covers the Prisma path.
busContract(
  'the database log',
  (db) => new DatabaseLogTransport({ prisma: db.prisma, bulk: db.bulk, ...fast }),
  { database: 'postgres' },
);
