/**
 * Every topic sagaflow uses, in one place. Each message is keyed by its order id,
 * so the commands and replies of one saga stay in order on one partition.
 */
export const topics = {
  inventoryCommands: 'inventory.commands',
  paymentCommands: 'payment.commands',
  orderSagaReplies: 'order.saga-replies',
  orderEvents: 'order.events',
} as const;

export type TopicName = (typeof topics)[keyof typeof topics];

/** Partitions per topic: the most consumers of one group that can work in parallel. */
export const partitionsPerTopic = 12;

export const allTopics: readonly { name: TopicName; partitions: number }[] = Object.values(topics).map(
  (name) => ({ name, partitions: partitionsPerTopic }),
);
