export { type Access, isPublicPath } from './access.js';
export {
  authentication,
  bearerSecurity,
  principalOf,
  type RouteAccess,
  UndeclaredAccessError,
} from './plugin.js';
export {
  type AuthEnv,
  authEnvProperties,
  type TokenVerification,
  tokenVerificationFrom,
} from './settings.js';
export { createTokenVerifier, type Principal, type Role, roles, type TokenVerifier } from './verify.js';
