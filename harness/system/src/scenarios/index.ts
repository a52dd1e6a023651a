import { brokerOutage } from './broker-outage.js';
import { happyPath } from './happy-path.js';
import { insufficientFunds } from './insufficient-funds.js';
import { outOfStock } from './out-of-stock.js';
import { paymentCrash } from './payment-crash.js';
import { paymentTimeout } from './payment-timeout.js';
import type { Scenario, ScenarioName } from './types.js';

export const scenarios: Record<ScenarioName, Scenario> = {
  'happy-path': happyPath,
  'out-of-stock': outOfStock,
  'insufficient-funds': insufficientFunds,
  'payment-crash': paymentCrash,
  'broker-outage': brokerOutage,
  'payment-timeout': paymentTimeout,
};
