-- The dashboard's metrics: what subscriptions send and alerts watch.
CREATE TABLE metrics (
  key TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  value REAL NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO metrics (key, label, unit, value, updated_at) VALUES
  ('sales', '销售额', '元', 1280000, 0),
  ('orders', '订单数', '单', 3421, 0);
