import type pg from 'pg';

/**
 * Relay lag of the order service's messages written between `from` and `to`
 * (epoch ms): from the stamp of the saga step that wrote each one (taken inside
 * its transaction, before its writes) to the broker ack the relay recorded in
 * outbox_published. It errs long by the rest of the writing transaction, and
 * it exists only where a relay publishes: dual-write records no acks.
 */
export async function relayLagMs(pool: pg.Pool, from: number, to: number): Promise<number[]> {
  const { rows } = await pool.query<{ lag_ms: string }>(
    `SELECT (extract(epoch FROM p.published_at) - extract(epoch FROM t.at)) * 1000 AS lag_ms
     FROM order_status_transitions t
     CROSS JOIN LATERAL jsonb_array_elements(t.messages) AS m(message)
     JOIN outbox_published p ON p.message_id = (m.message->>'id')::uuid
     WHERE t.at >= to_timestamp($1::double precision / 1000)
       AND t.at < to_timestamp($2::double precision / 1000)`,
    [from, to],
  );
  return rows.map((row) => Number(row.lag_ms));
}
