export {
  createSagaTopics,
  type TestEnvironment,
  testEnvironment,
  uniqueName,
  waitFor,
} from './environment.js';
export { KafkaPeer } from './kafka-peer.js';
