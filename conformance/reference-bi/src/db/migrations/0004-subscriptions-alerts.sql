-- 订阅 (scheduled or on-demand dashboard pushes), 预警 (metric thresholds), and what was delivered to whom.
CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  format TEXT NOT NULL DEFAULT 'action_card' CHECK (format IN ('markdown', 'action_card')),
  interval_minutes INTEGER, -- NULL: only 立即发送
  next_run_at INTEGER,
  last_run_at INTEGER,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE TABLE subscription_recipients (
  subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (subscription_id, user_id)
);

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  metric_key TEXT NOT NULL REFERENCES metrics (key),
  operator TEXT NOT NULL CHECK (operator IN ('>', '>=', '<', '<=')),
  threshold REAL NOT NULL,
  channel TEXT NOT NULL DEFAULT 'work_notice' CHECK (channel IN ('work_notice', 'robot', 'both')),
  state TEXT NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'firing')),
  last_fired_at INTEGER,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE TABLE alert_recipients (
  alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (alert_id, user_id)
);

-- One send: a work notification (asyncsend_v2) or a group-robot message.
CREATE TABLE dispatches (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('subscription', 'alert')),
  source_id INTEGER NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('work_notice', 'robot')),
  title TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'partial', 'failed', 'skipped')),
  task_id TEXT,
  error TEXT,
  created_at INTEGER NOT NULL
);
-- 投递报告: one row per recipient (or one for the robot's group).
CREATE TABLE delivery_reports (
  id INTEGER PRIMARY KEY,
  dispatch_id INTEGER NOT NULL REFERENCES dispatches (id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  recipient TEXT NOT NULL, -- display name, or 钉钉群机器人
  dingtalk_userid TEXT,
  status TEXT NOT NULL CHECK (status IN ('sent', 'skipped', 'refused', 'failed')),
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX delivery_reports_dispatch ON delivery_reports (dispatch_id);
