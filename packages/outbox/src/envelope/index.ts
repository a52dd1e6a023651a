export { buildEnvelope, type EnvelopeParts, envelopeFields } from './build.js';
export {
  type DecodeResult,
  decodeEnvelope,
  type Envelope,
  EnvelopeSchema,
  encodeEnvelope,
} from './envelope.js';
