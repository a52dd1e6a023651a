import { describe, expect, it } from 'vitest';
import type { OrderView, TimelineEntry } from '../api/types.js';
import { happyOrder, inventoryMessages, paymentMessages } from '../testing/happy-saga.js';
import { sizes, swimlaneGeometry } from './geometry.js';
import { overlapArea } from './labels.js';
import { swimlaneModel } from './model.js';

const at = (ms: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, 0, 0) + ms).toISOString();

/** A parked saga as the participants' lanes see it when they cannot be asked: every message unhandled. */
function parkedOrder(attempts: number): OrderView {
  const view = happyOrder();
  const step = (seq: number, event: string, messages: TimelineEntry['messages']): TimelineEntry => ({
    seq,
    at: at(seq * 10),
    from: 'compensating',
    to: 'compensating',
    event,
    outcome: 'handled',
    actor: 'deadline',
    reason: null,
    messageId: null,
    messages,
  });
  view.timeline = Array.from({ length: attempts }, (_, index) =>
    step(index + 1, 'DeadlineExpired', [
      {
        id: `release-${index}`,
        type: 'ReleaseStock',
        topic: 'inventory.commands',
        publishedAt: at(index * 10 + 1),
      },
      {
        id: `status-${index}`,
        type: 'OrderStatusChanged',
        topic: 'order.events',
        publishedAt: at(index * 10 + 2),
      },
    ]),
  );
  return view;
}

function expectNoLabelOverlaps(geometry: ReturnType<typeof swimlaneGeometry>) {
  const labels = geometry.arrows.map((arrow) => arrow.labelBox);
  const nodes = geometry.nodes.map(({ x, y }) => ({
    x: x - sizes.nodeWidth / 2,
    y: y - sizes.nodeHeight / 2,
    width: sizes.nodeWidth,
    height: sizes.nodeHeight,
  }));
  labels.forEach((label, index) => {
    for (const other of labels.slice(index + 1)) expect(overlapArea(label, other)).toBe(0);
    for (const node of nodes) expect(overlapArea(label, node)).toBe(0);
    expect(label.x + label.width).toBeLessThanOrEqual(geometry.width);
    expect(label.y).toBeGreaterThanOrEqual(0);
  });
}

describe('swimlaneGeometry', () => {
  it('lays out a happy path with no label over another or over a node', () => {
    const model = swimlaneModel(happyOrder(), { inventory: inventoryMessages(), payment: paymentMessages() });
    const geometry = swimlaneGeometry(model);
    expect(geometry.arrows).toHaveLength(model.arrows.length);
    expectNoLabelOverlaps(geometry);
    const kinds = Object.fromEntries(geometry.arrows.map((arrow) => [arrow.arrow.messageId, arrow.kind]));
    expect(Object.values(kinds).filter((kind) => kind === 'between')).toHaveLength(5);
  });

  it('names a message leaving the lanes by its type alone (the topic is in its tooltip and the table)', () => {
    const model = swimlaneModel(happyOrder(), {});
    const leaving = swimlaneGeometry(model).arrows.filter((arrow) => arrow.kind === 'leaving');
    expect(leaving.map((arrow) => arrow.label.lines.map((line) => line.text))).toEqual([
      ['OrderCreated'],
      ['OrderStatusChanged'],
      ['OrderConfirmed'],
      ['OrderStatusChanged'],
    ]);
    // Two from one step: one above the other.
    const [confirmed, status] = leaving.slice(2);
    expect(status?.label.y).toBeLessThan(confirmed?.label.y ?? 0);
  });

  it('staggers the labels of unhandled messages close in time, inside the drawing', () => {
    const model = swimlaneModel(parkedOrder(14), {});
    expect(model.columns).toBe(14);
    const geometry = swimlaneGeometry(model);
    expectNoLabelOverlaps(geometry);
    const releases = geometry.arrows.filter((arrow) => arrow.kind === 'unhandled');
    expect(releases).toHaveLength(14);
    expect(new Set(releases.map((arrow) => arrow.label.y)).size).toBeGreaterThan(1);
    // Every arrow ends where its label is.
    for (const arrow of releases) expect(Math.abs(arrow.y2 + 4 - arrow.label.y)).toBeLessThan(1);
    // A lane's labels stay in the lane.
    const inventoryTop = geometry.laneTop.inventory;
    for (const arrow of releases) {
      expect(arrow.labelBox.y).toBeGreaterThanOrEqual(inventoryTop);
      expect(arrow.labelBox.y + arrow.labelBox.height).toBeLessThanOrEqual(inventoryTop + sizes.laneHeight);
    }
  });

  it('is as wide as its last label, not only its columns', () => {
    const model = swimlaneModel(parkedOrder(3), {});
    const geometry = swimlaneGeometry(model, (text) => text.length * 12);
    const right = Math.max(...geometry.arrows.map((arrow) => arrow.labelBox.x + arrow.labelBox.width));
    expect(geometry.width).toBeGreaterThanOrEqual(right);
    expect(geometry.width).toBeGreaterThan(sizes.labelWidth + 3 * sizes.columnWidth);
  });
});
