/** The NOTIFY channel on which enqueue() wakes the relay. */
export const OUTBOX_CHANNEL = 'sagaflow_outbox';
