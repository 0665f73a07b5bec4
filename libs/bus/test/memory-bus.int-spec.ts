import { MemoryTransport } from '../src';
import { busContract } from './bus-contract';

// Standalone mode runs the in-process transport on embedded PGlite; distributed setups may pair it
// with PostgreSQL. Both must behave like Kafka.
busContract('the in-process transport', () => new MemoryTransport(), { database: 'pglite' });
busContract('the in-process transport', () => new MemoryTransport(), { database: 'postgres' });
