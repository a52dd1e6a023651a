-- Wallets from before top-ups were set with a bare balance. Each gets one opening
-- credit, the money it was given, so that its books balance from the first line:
-- opening credit = balance + charges - refunds.
INSERT INTO "wallet_entries" ("id", "customer_id", "order_id", "reference", "kind", "amount_cents")
SELECT gen_random_uuid(), w."customer_id", NULL, 'opening-balance:' || w."customer_id", 'credit', opening."cents"
FROM "wallets" w
CROSS JOIN LATERAL (
  SELECT w."balance_cents"
    + coalesce(sum(e."amount_cents") FILTER (WHERE e."kind" = 'debit'), 0)
    - coalesce(sum(e."amount_cents") FILTER (WHERE e."kind" = 'credit'), 0) AS "cents"
  FROM "wallet_entries" e
  WHERE e."customer_id" = w."customer_id"
) opening
WHERE opening."cents" > 0;
