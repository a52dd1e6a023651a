import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { request } from './client.js';
import type { ConsoleConfig } from './types.js';
import { defaultConfig } from './urls.js';

const ConfigContext = createContext<ConsoleConfig>(defaultConfig);

export const useConfig = () => useContext(ConfigContext);

/** /console/config.json, once: where the services' APIs are. Without it, the order API on this origin only. */
export function ConfigProvider({ children }: { children: ReactNode }) {
  const config = useQuery({
    queryKey: ['console-config'],
    queryFn: () => request<ConsoleConfig>(`${import.meta.env.BASE_URL}config.json`, { anonymous: true }),
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  });
  if (config.isPending) return <p className="loading">Loading the console’s configuration…</p>;
  return (
    <ConfigContext.Provider value={config.data ?? defaultConfig}>
      {config.isError && (
        <p className="banner warning" role="alert">
          ⚠ The console’s configuration (config.json) could not be read: only the order service on this origin
          is used.
        </p>
      )}
      {children}
    </ConfigContext.Provider>
  );
}
