import { KafkaTransport } from '../src';
import { kafkaBrokers } from '@sextant/testing';
import { busContract } from './bus-contract';

busContract('Kafka', () => new KafkaTransport({ brokers: kafkaBrokers(), clientId: 'bus-contract' }));
