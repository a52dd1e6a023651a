export * from './messages/commands.js';
export {
  defineMessage,
  type MessageContract,
  orderAggregateType,
  type PayloadOf,
} from './messages/define.js';
export {
  Cents,
  CustomerId,
  maxOrderLines,
  OrderId,
  PricedLine,
  Quantity,
  RequestedLine,
  Sku,
} from './messages/fields.js';
export { type ContractsByType, contractsByType, type TypeOf } from './messages/lookup.js';
export * from './messages/order-events.js';
export * from './messages/replies.js';
export { allTopics, partitionsPerTopic, type TopicName, topics } from './topics.js';
export {
  type MessageOf,
  outgoing,
  type ParseResult,
  parseMessage,
} from './validation/messages.js';
