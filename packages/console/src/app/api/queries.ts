import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NotConfigured, request } from './client.js';

export { NotConfigured };

import { useConfig } from './config.js';
import type {
  BulkResult,
  DeadLetterFilter,
  DeadLetterList,
  DeadLetterView,
  OperatorAction,
  OperatorActionResult,
  OrderList,
  OrderView,
  OutboxSummary,
  SagaMachine,
  ServiceMessages,
  ServiceName,
} from './types.js';
import { query, serviceUrl } from './urls.js';

/** The live updates: lists and the order page poll every second. */
export const pollMs = 1000;

function useServiceGet<T>(service: ServiceName, path: string | null, poll: boolean) {
  const config = useConfig();
  const url = path === null ? null : serviceUrl(config, service, path);
  return useQuery({
    queryKey: [service, path, url],
    queryFn: () => {
      if (url === null) throw new NotConfigured(service);
      return request<T>(url);
    },
    enabled: path !== null,
    ...(poll ? { refetchInterval: pollMs } : {}),
  });
}

export interface OrdersParams {
  status?: string | undefined;
  customerId?: string | undefined;
  cursor?: string | undefined;
}

export const useOrders = (params: OrdersParams) =>
  useServiceGet<OrderList>('order', `/orders${query({ ...params, limit: 50 })}`, true);

export const useOrder = (id: string) =>
  useServiceGet<OrderView>('order', `/orders/${encodeURIComponent(id)}`, true);

/** A machine version never changes: fetched once. */
export const useMachine = (version?: number) =>
  useServiceGet<SagaMachine>('order', `/saga/machine${query({ version })}`, false);

export const useServiceMessages = (service: ServiceName, orderId: string) =>
  useServiceGet<ServiceMessages>(service, `/messages${query({ correlationId: orderId })}`, true);

export const useParked = () => useServiceGet<OrderList>('order', '/admin/sagas/parked', true);
export const useOverdue = () => useServiceGet<OrderList>('order', '/admin/sagas/overdue', true);

export const useOutbox = (service: ServiceName) => useServiceGet<OutboxSummary>(service, '/outbox', true);

export interface DeadLetterParams extends DeadLetterFilter {
  status: 'unhandled' | 'handled' | 'all';
  cursor?: string | undefined;
}

export const useDeadLetters = (service: ServiceName, params: DeadLetterParams) =>
  useServiceGet<DeadLetterList>(service, `/dead-letters${query({ ...params, limit: 50 })}`, true);

export const useDeadLetter = (service: ServiceName, id: string) =>
  useServiceGet<DeadLetterView>(service, `/dead-letters/${encodeURIComponent(id)}`, true);

function usePost<Variables, Result>(
  service: ServiceName,
  toRequest: (variables: Variables) => [string, unknown],
) {
  const config = useConfig();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (variables: Variables) => {
      const [path, body] = toRequest(variables);
      const url = serviceUrl(config, service, path);
      if (url === null) throw new NotConfigured(service);
      return request<Result>(url, { method: 'POST', body });
    },
    // The page shows the outcome at once, not a second later. Not awaited: a slow
    // peer's refetch must not hold the action's answer.
    onSuccess: () => {
      void client.invalidateQueries();
    },
  });
}

export const useOperatorAction = () =>
  usePost<{ orderId: string; action: OperatorAction; reason: string }, OperatorActionResult>(
    'order',
    ({ orderId, action, reason }) => [`/admin/orders/${encodeURIComponent(orderId)}/${action}`, { reason }],
  );

export const useDeadLetterAction = (service: ServiceName) =>
  usePost<{ id: string; action: 'replay' | 'discard'; reason: string }, DeadLetterView>(
    service,
    ({ id, action, reason }) => [`/dead-letters/${encodeURIComponent(id)}/${action}`, { reason }],
  );

export const useBulkDeadLetters = (service: ServiceName) =>
  usePost<{ action: 'replay' | 'discard'; reason: string; filter: DeadLetterFilter }, BulkResult>(
    service,
    ({ action, reason, filter }) => [`/dead-letters/${action}`, { reason, filter }],
  );
