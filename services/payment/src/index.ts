export { type PaymentEnv, paymentEnvSchema } from './config.js';
export { type PaymentDatabase, type PaymentTransaction, paymentMigrationsFolder } from './db/database.js';
export {
  type EntryKind,
  type PaymentFailureReason,
  type PaymentRow,
  type PaymentSchema,
  type PaymentStatus,
  paymentSchema,
  payments,
  type WalletEntryRow,
  type WalletRow,
  walletEntries,
  wallets,
} from './db/schema.js';
export { decidePayment, decideRefund } from './payments/decisions.js';
export { paymentService, type RunningPayment } from './service.js';
