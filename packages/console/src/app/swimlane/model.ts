import type { HandledMessage, OrderView, ServiceMessages, TimelineEntry } from '../api/types.js';

/**
 * The swimlane of one saga, pure: the order's timeline in one lane, what each
 * participant handled for the order in its own, and the messages between them.
 * A message the order wrote goes to the participant step that handled it
 * (handled.messageId = message id); a reply a participant wrote, caused by a
 * message it handled, goes to the order step it drove (step.messageId = reply id).
 */
export type Lane = 'order' | 'inventory' | 'payment';
export const lanes: readonly Lane[] = ['order', 'inventory', 'payment'];
export type ParticipantLane = Exclude<Lane, 'order'>;

export type SwimlaneNode =
  | { kind: 'step'; id: string; lane: 'order'; at: string; column: number; step: TimelineEntry }
  | {
      kind: 'handled';
      id: string;
      lane: ParticipantLane;
      at: string;
      column: number;
      handled: HandledMessage;
    };

/** A node before it has its column: Omit of each member of the union. */
type Unplaced = SwimlaneNode extends infer Node
  ? Node extends SwimlaneNode
    ? Omit<Node, 'column'>
    : never
  : never;

export interface SwimlaneArrow {
  id: string;
  messageId: string;
  type: string;
  topic: string;
  from: string;
  /** The node that consumed it; null when none of the lanes did (yet): drawn leaving its lane. */
  to: string | null;
  /** Where an unconsumed message is headed, when its topic says: a participant's commands, the order's replies. */
  towards: Lane | null;
  publishedAt: string | null;
  consumedAt: string | null;
  /** Still in the writer's outbox (participants' pending messages). */
  pending: boolean;
}

export interface SwimlaneModel {
  lanes: readonly Lane[];
  nodes: SwimlaneNode[];
  arrows: SwimlaneArrow[];
  /** How many columns the nodes take, in time order. */
  columns: number;
}

export type ParticipantMessages = Partial<Record<ParticipantLane, ServiceMessages>>;

/** Which lane consumes a topic; the rest (e.g. order.events) has no consumer among the lanes. */
export function consumerLaneOf(topic: string): Lane | null {
  if (topic === 'inventory.commands') return 'inventory';
  if (topic === 'payment.commands') return 'payment';
  if (topic === 'order.saga-replies') return 'order';
  return null;
}

const stepId = (entry: TimelineEntry) => `step:${entry.seq}`;
const handledId = (lane: ParticipantLane, handled: HandledMessage) =>
  `${lane}:${handled.consumerGroup}:${handled.messageId}`;

export function swimlaneModel(view: OrderView, participants: ParticipantMessages): SwimlaneModel {
  const steps = [...view.timeline].sort((a, b) => a.seq - b.seq);
  const unplaced: Unplaced[] = steps.map((step) => ({
    kind: 'step',
    id: stepId(step),
    lane: 'order',
    at: step.at,
    step,
  }));
  const handledBy = new Map<string, string>();
  for (const lane of ['inventory', 'payment'] as const) {
    for (const handled of participants[lane]?.handled ?? []) {
      const id = handledId(lane, handled);
      unplaced.push({ kind: 'handled', id, lane, at: handled.processedAt, handled });
      if (!handledBy.has(handled.messageId)) handledBy.set(handled.messageId, id);
    }
  }
  const nodes = placeInTime(unplaced);
  const atOf = new Map(nodes.map((node) => [node.id, node.at]));

  const arrows: SwimlaneArrow[] = [];
  for (const step of steps) {
    for (const message of step.messages) {
      const to = handledBy.get(message.id) ?? null;
      arrows.push({
        id: `message:${message.id}`,
        messageId: message.id,
        type: message.type,
        topic: message.topic,
        from: stepId(step),
        to,
        towards: consumerLaneOf(message.topic),
        publishedAt: message.publishedAt,
        consumedAt: to === null ? null : (atOf.get(to) ?? null),
        pending: false,
      });
    }
  }

  const drivenBy = new Map<string, TimelineEntry>();
  for (const step of steps)
    if (step.messageId !== null && !drivenBy.has(step.messageId)) drivenBy.set(step.messageId, step);
  const drawn = new Set(arrows.map((arrow) => arrow.messageId));
  for (const lane of ['inventory', 'payment'] as const) {
    const messages = participants[lane];
    if (messages === undefined) continue;
    const written = [
      ...messages.published.map((message) => ({ ...message, pending: false })),
      ...messages.pending.map((message) => ({ ...message, publishedAt: null, pending: true })),
    ];
    for (const message of written) {
      if (message.causationId === null || drawn.has(message.messageId)) continue;
      const from = handledById(messages.handled, message.causationId, lane);
      if (from === undefined) continue;
      const driven = drivenBy.get(message.messageId);
      drawn.add(message.messageId);
      arrows.push({
        id: `message:${message.messageId}`,
        messageId: message.messageId,
        type: message.type,
        topic: message.topic,
        from,
        to: driven === undefined ? null : stepId(driven),
        towards: consumerLaneOf(message.topic),
        publishedAt: message.publishedAt,
        consumedAt: driven === undefined ? null : driven.at,
        pending: message.pending,
      });
    }
  }
  return { lanes, nodes, arrows, columns: nodes.length };
}

function handledById(
  handled: HandledMessage[],
  messageId: string,
  lane: ParticipantLane,
): string | undefined {
  const match = handled.find((entry) => entry.messageId === messageId);
  return match === undefined ? undefined : handledId(lane, match);
}

/**
 * One column per node, in time order; ties keep the order's steps first. Clocks
 * of different services may disagree by milliseconds, so an arrow can point back.
 */
function placeInTime(nodes: Unplaced[]): SwimlaneNode[] {
  const laneRank = (lane: Lane) => lanes.indexOf(lane);
  return nodes
    .map((node, index) => ({ node, index, time: Date.parse(node.at) }))
    .sort((a, b) => a.time - b.time || laneRank(a.node.lane) - laneRank(b.node.lane) || a.index - b.index)
    .map(({ node }, column): SwimlaneNode => ({ ...node, column }));
}

/** How the order lane marks a step beyond colour. */
export function stepMarks(step: TimelineEntry): string[] {
  const marks: string[] = [];
  if (step.outcome === 'ignored') marks.push('ignored');
  if (step.actor.startsWith('operator:')) marks.push('operator');
  if (step.actor === 'deadline') marks.push('deadline');
  return marks;
}
