import type { Static, TObject } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import type { TopicName } from '../topics.js';

/** The aggregate every saga message belongs to: its id is the Kafka key. */
export const orderAggregateType = 'Order';

export interface MessageContract<TType extends string = string, TPayload extends TObject = TObject> {
  readonly type: TType;
  readonly schemaVersion: number;
  readonly topic: TopicName;
  readonly payload: TPayload;
  readonly checker: TypeCheck<TPayload>;
}

export type PayloadOf<TContract> =
  TContract extends MessageContract<string, infer TPayload> ? Static<TPayload> : never;

export function defineMessage<TType extends string, TPayload extends TObject>(definition: {
  type: TType;
  schemaVersion: number;
  topic: TopicName;
  payload: TPayload;
}): MessageContract<TType, TPayload> {
  return { ...definition, checker: TypeCompiler.Compile(definition.payload) };
}
