import { MemoryTransport } from '../src';
import { busContract } from './bus-contract';

busContract('the in-process transport', () => new MemoryTransport());
