export { buildEnvelope, type EnvelopeParts, envelopeFields } from './build.js';
export {
  checkEnvelope,
  type DecodeResult,
  decodeEnvelope,
  type Envelope,
  EnvelopeSchema,
  encodeEnvelope,
} from './envelope.js';
