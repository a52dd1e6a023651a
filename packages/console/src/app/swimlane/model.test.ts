import { describe, expect, it } from 'vitest';
import { happyOrder, ids, inventoryMessages, paymentMessages } from '../testing/happy-saga.js';
import { consumerLaneOf, stepMarks, swimlaneModel } from './model.js';

const summary = (model: ReturnType<typeof swimlaneModel>) =>
  model.arrows.map(({ type, from, to, towards }) => ({ type, from, to, towards }));

describe('swimlaneModel', () => {
  it('draws the five messages of a happy path: two commands, their replies and an order event', () => {
    const view = happyOrder();
    // Only what the brief's count names: ReserveStock, StockReserved, ProcessPayment, PaymentProcessed, OrderConfirmed.
    view.timeline = view.timeline.map((step) => ({
      ...step,
      messages: step.messages.filter((message) =>
        ['ReserveStock', 'ProcessPayment', 'OrderConfirmed'].includes(message.type),
      ),
    }));
    const inventory = { ...inventoryMessages(), handled: inventoryMessages().handled.slice(0, 1) };
    const model = swimlaneModel(view, { inventory, payment: paymentMessages() });
    expect(summary(model)).toEqual([
      {
        type: 'ReserveStock',
        from: 'step:1',
        to: `inventory:inventory:${ids.reserveStock}`,
        towards: 'inventory',
      },
      {
        type: 'ProcessPayment',
        from: 'step:2',
        to: `payment:payment:${ids.processPayment}`,
        towards: 'payment',
      },
      { type: 'OrderConfirmed', from: 'step:3', to: null, towards: null },
      {
        type: 'StockReserved',
        from: `inventory:inventory:${ids.reserveStock}`,
        to: 'step:2',
        towards: 'order',
      },
      {
        type: 'PaymentProcessed',
        from: `payment:payment:${ids.processPayment}`,
        to: 'step:3',
        towards: 'order',
      },
    ]);
  });

  it('draws every message of a real happy path, the order events leaving the lanes', () => {
    const model = swimlaneModel(happyOrder(), { inventory: inventoryMessages(), payment: paymentMessages() });
    expect(model.arrows).toHaveLength(9);
    const between = model.arrows.filter((arrow) => arrow.to !== null).map((arrow) => arrow.type);
    expect(between).toEqual([
      'ReserveStock',
      'ProcessPayment',
      'CommitStock',
      'StockReserved',
      'PaymentProcessed',
    ]);
    const leaving = model.arrows.filter((arrow) => arrow.to === null);
    expect(leaving.map((arrow) => arrow.topic)).toEqual(Array(4).fill('order.events'));
  });

  it('labels an arrow with when it was published and consumed', () => {
    const model = swimlaneModel(happyOrder(), { inventory: inventoryMessages(), payment: paymentMessages() });
    const reply = model.arrows.find((arrow) => arrow.type === 'StockReserved');
    expect(reply).toMatchObject({
      publishedAt: '2026-12-01T12:00:00.160Z',
      consumedAt: '2026-12-01T12:00:00.200Z',
    });
    const command = model.arrows.find((arrow) => arrow.type === 'ReserveStock');
    expect(command).toMatchObject({
      publishedAt: '2026-12-01T12:00:00.111Z',
      consumedAt: '2026-12-01T12:00:00.150Z',
    });
  });

  it('places the nodes in time order across the lanes', () => {
    const model = swimlaneModel(happyOrder(), { inventory: inventoryMessages(), payment: paymentMessages() });
    const order = [...model.nodes]
      .sort((a, b) => a.column - b.column)
      .map((node) => `${node.lane}@${node.at.slice(20)}`);
    expect(order).toEqual([
      'order@100Z',
      'inventory@150Z',
      'order@200Z',
      'payment@250Z',
      'order@300Z',
      'inventory@350Z',
    ]);
    expect(model.columns).toBe(6);
  });

  it('without a participant lane, its commands leave the order lane towards it', () => {
    const model = swimlaneModel(happyOrder(), {});
    const reserve = model.arrows.find((arrow) => arrow.type === 'ReserveStock');
    expect(reserve).toMatchObject({ to: null, towards: 'inventory', consumedAt: null });
    expect(model.nodes.every((node) => node.lane === 'order')).toBe(true);
  });

  it('draws a reply still in the participant outbox as pending, not consumed', () => {
    const view = happyOrder();
    view.timeline = view.timeline.slice(0, 1);
    const inventory = inventoryMessages();
    const [reply] = inventory.published;
    if (reply === undefined) throw new Error('fixture has a reply');
    inventory.handled = inventory.handled.slice(0, 1);
    inventory.published = [];
    inventory.pending = [{ ...reply, attempts: 2, lastError: 'broker down' }];
    const model = swimlaneModel(view, { inventory });
    const arrow = model.arrows.find((candidate) => candidate.type === 'StockReserved');
    expect(arrow).toMatchObject({ pending: true, publishedAt: null, to: null, towards: 'order' });
  });
});

describe('consumerLaneOf', () => {
  it('knows the participants’ command topics and the saga replies', () => {
    expect(consumerLaneOf('inventory.commands')).toBe('inventory');
    expect(consumerLaneOf('payment.commands')).toBe('payment');
    expect(consumerLaneOf('order.saga-replies')).toBe('order');
    expect(consumerLaneOf('order.events')).toBeNull();
  });
});

describe('stepMarks', () => {
  it('marks ignored outcomes, operator actions and deadlines', () => {
    const [first] = happyOrder().timeline;
    if (first === undefined) throw new Error('fixture has steps');
    expect(stepMarks(first)).toEqual([]);
    expect(stepMarks({ ...first, outcome: 'ignored', actor: 'operator:alice' })).toEqual([
      'ignored',
      'operator',
    ]);
    expect(stepMarks({ ...first, actor: 'deadline' })).toEqual(['deadline']);
  });
});
