// The timeline's text is the order service's (its admin CLI prints it too); the demo reads it from here.
export { formatEntry, formatMessage, formatTimeline } from '@sagaflow/order';
